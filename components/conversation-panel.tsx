'use client';
import { useEffect, useState } from 'react';
import type { ItemState } from '@/lib/state';
import type { ItemDetail } from '@/lib/results';
import { AnswerView } from './answer-view';
import { CollapsibleText } from './collapsible-text';
import { ItemFiles } from './item-files';
import { MessageList } from './message-list';
import { Empty, Section } from './panel-section';
import { RoundStats } from './round-stats';
import { StatusBadge } from './status-badge';

interface Props {
  runId: string;
  item: ItemState;
  onClose: () => void;
}

/** Fetches an item's detail again whenever the item moves on (started, answered, scored). */
function useItemDetail(runId: string, item: ItemState): { detail: ItemDetail | null; error: string | null } {
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const version = `${item.key}:${item.status}:${item.responded ? 1 : 0}`;
  useEffect(() => {
    const ctl = new AbortController();
    fetch(`/api/runs/${encodeURIComponent(runId)}/items/${encodeURIComponent(item.key)}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => (r.ok ? setDetail((await r.json()) as ItemDetail) : setError(`${r.status} ${await r.text()}`)))
      .catch((e: Error) => { if (e.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [runId, item.key, version]);
  return { detail: detail?.key === item.key ? detail : null, error };
}

/**
 * The conversation debugger for one item: question as sent, every message and tool call, token usage and
 * timing per round, final and cleaned response, answer key with its template, the diff, and sandbox files.
 */
export function ConversationPanel({ runId, item, onClose }: Props) {
  const { detail: d, error } = useItemDetail(runId, item);
  const conv = d?.conversation;
  return (
    <aside data-testid="conversation-panel" data-key={item.key} data-loaded={d ? 'true' : 'false'} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-center gap-2">
        <h2 className="font-mono text-sm font-semibold">{item.key}</h2>
        <StatusBadge status={item.status} />
        <span className="text-xs text-slate-500">{item.scoring_type}</span>
        <button type="button" onClick={onClose} data-testid="close-panel" className="ml-auto rounded px-2 text-slate-500 hover:bg-slate-100" aria-label="Close">✕</button>
      </div>
      {item.status === 'retrying' && <p className="text-sm text-amber-700">Retrying: {item.retryReason}</p>}
      {error && <p className="text-sm text-rose-700">{error}</p>}
      <Section title="Question as sent" testId="panel-question">
        <CollapsibleText text={conv?.initial_question ?? d?.entry?.substituted_question ?? item.question} limit={2000} />
      </Section>
      <Section title="Conversation" testId="panel-conversation">
        {conv ? (
          <div className="space-y-2"><RoundStats stats={conv.statistics} /><MessageList messages={conv.conversation_history} /></div>
        ) : <Empty>{item.status === 'pending' ? 'Not started yet.' : item.responded ? 'Loading…' : 'In progress…'}</Empty>}
      </Section>
      <Section title="Final response" testId="panel-response">
        {d?.response ? <CollapsibleText text={d.response.response_text} limit={2000} /> : <Empty />}
        {d?.response && !d.response.execution_successful && <p className="mt-1 text-sm text-fuchsia-800">Error: {d.response.error_message}</p>}
      </Section>
      <AnswerView answer={d?.answer ?? null} />
      <Section title="Verdict" testId="panel-verdict">
        {d?.score ? (
          <div className="space-y-1 text-sm">
            <div className={d.score.correct ? 'text-emerald-700' : 'text-rose-700'}>{d.score.correct ? 'Correct' : 'Wrong'}{d.score.error_message ? ` — ${d.score.error_message}` : ''}</div>
            <CollapsibleText text={JSON.stringify(d.score.details, null, 2)} limit={300} />
          </div>
        ) : <Empty>Not scored yet.</Empty>}
      </Section>
      {d && <ItemFiles key={item.key} runId={runId} files={d.files} />}
    </aside>
  );
}
