'use client';
import { useEffect, useState } from 'react';
import type { ItemState } from '@/lib/state/types';
import type { ItemDetail } from '@/server/item-detail';
import { CollapsibleText } from './collapsible-text';
import { formatDuration } from './format';
import { MessageList } from './message-list';
import { StatusBadge } from './status-badge';

interface Props {
  runId: string;
  item: ItemState;
  onClose: () => void;
}

/** The expected answer, whichever form the scoring type uses. */
function expectedOf(d: ItemDetail): string | null {
  const e = d.entry;
  if (!e) return null;
  if (e.expected_response !== undefined) return e.expected_response;
  if (e.expected_content !== undefined) return `${e.file_to_read ?? ''}:\n${e.expected_content}`;
  if (e.files_to_check) return `files exist: ${e.files_to_check.join(', ')}`;
  if (e.expected_paths) return `paths: ${e.expected_paths.join(', ')}`;
  return null;
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="border-t border-slate-100 pt-3" data-testid={testId}>
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

/** One item in full: question as sent, every message and tool call, final response, expected, verdict. */
export function ConversationPanel({ runId, item, onClose }: Props) {
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Refetch when the item moves on (started, answered, scored) so an open panel follows a live item.
  const version = `${item.key}:${item.status}:${item.responded ? 1 : 0}`;
  useEffect(() => {
    const ctl = new AbortController();
    fetch(`/api/runs/${encodeURIComponent(runId)}/items/${encodeURIComponent(item.key)}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => (r.ok ? setDetail((await r.json()) as ItemDetail) : setError(`${r.status} ${await r.text()}`)))
      .catch((e: Error) => { if (e.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [runId, item.key, version]);

  const d = detail?.key === item.key ? detail : null;
  const conv = d?.conversation;
  return (
    <aside data-testid="conversation-panel" data-key={item.key} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-center gap-2">
        <h2 className="font-mono text-sm font-semibold">{item.key}</h2>
        <StatusBadge status={item.status} />
        <span className="text-xs text-slate-500">{item.scoring_type}</span>
        <button type="button" onClick={onClose} data-testid="close-panel" className="ml-auto rounded px-2 text-slate-500 hover:bg-slate-100" aria-label="Close">✕</button>
      </div>
      {error && <p className="text-sm text-rose-700">{error}</p>}
      <Section title="Question as sent" testId="panel-question">
        <CollapsibleText text={conv?.initial_question ?? d?.entry?.substituted_question ?? item.question} limit={2000} />
      </Section>
      <Section title={`Conversation${conv?.statistics ? ` · ${conv.statistics.inference_rounds ?? '?'} rounds · ${conv.statistics.tool_calls ?? 0} tool calls · ${formatDuration((conv.statistics.execution_time_seconds ?? 0) * 1000)}` : ''}`}>
        {conv ? <MessageList messages={conv.conversation_history} /> : <p className="text-sm text-slate-500">{item.status === 'pending' ? 'Not started yet.' : item.responded ? 'Loading…' : 'In progress…'}</p>}
      </Section>
      <Section title="Final response" testId="panel-response">
        {d?.response ? <CollapsibleText text={d.response.response_text} limit={2000} /> : <p className="text-sm text-slate-500">–</p>}
        {d?.response && !d.response.execution_successful && <p className="mt-1 text-sm text-fuchsia-800">Error: {d.response.error_message}</p>}
      </Section>
      <Section title="Expected" testId="panel-expected">
        {d && expectedOf(d) !== null ? <CollapsibleText text={expectedOf(d)!} limit={2000} /> : <p className="text-sm text-slate-500">–</p>}
      </Section>
      <Section title="Verdict" testId="panel-verdict">
        {d?.score ? (
          <div className="space-y-1 text-sm">
            <div className={d.score.correct ? 'text-emerald-700' : 'text-rose-700'}>{d.score.correct ? 'Correct' : 'Wrong'}{d.score.error_message ? ` — ${d.score.error_message}` : ''}</div>
            <CollapsibleText text={JSON.stringify(d.score.details, null, 2)} limit={300} />
          </div>
        ) : <p className="text-sm text-slate-500">Not scored yet.</p>}
      </Section>
    </aside>
  );
}
