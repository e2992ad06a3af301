'use client';
import { lineDiff } from '@/lib/state';
import type { ItemAnswer } from '@/lib/results';
import { CollapsibleText } from './collapsible-text';
import { Empty, Section } from './panel-section';

const OP_STYLE = { ' ': 'text-slate-600', '-': 'bg-rose-50 text-rose-800', '+': 'bg-emerald-50 text-emerald-800' } as const;

/** Expected against actual, line by line (`-` expected only, `+` actual only). */
function LineDiff({ expected, actual }: { expected: string; actual: string }) {
  const lines = lineDiff(expected, actual);
  if (lines.every((l) => l.op === ' ')) return <p className="text-sm text-emerald-700" data-testid="diff-equal">Identical.</p>;
  return (
    <pre className="max-h-64 overflow-auto rounded border border-slate-200 font-mono text-xs" data-testid="line-diff">
      {lines.map((l, i) => <div key={i} className={OP_STYLE[l.op]} data-op={l.op}>{l.op} {l.text}</div>)}
    </pre>
  );
}

/** Structural JSON differences (paths such as `root.items[2].name`), or why a side did not parse. */
function JsonDiff({ json }: { json: NonNullable<ItemAnswer['json']> }) {
  if (json.error) return <p className="text-sm text-rose-700" data-testid="json-error">{json.error}</p>;
  if (json.differences.length === 0) return <p className="text-sm text-emerald-700" data-testid="diff-equal">Same JSON structure and values.</p>;
  return (
    <ul className="space-y-0.5 font-mono text-xs text-rose-800" data-testid="json-diff">
      {json.differences.map((d, i) => <li key={i} data-testid="json-difference">{d}</li>)}
    </ul>
  );
}

/** The answer key (with the template it came from), the cleaned response, and their diff. */
export function AnswerView({ answer }: { answer: ItemAnswer | null }) {
  if (!answer) return <Section title="Expected" testId="panel-expected"><Empty /></Section>;
  return (
    <>
      <Section title={`Expected (${answer.scoringType})`} testId="panel-expected">
        {answer.expected !== null ? <CollapsibleText text={answer.expected} limit={2000} /> : <Empty />}
        {answer.answerTemplate !== null && answer.answerTemplate !== answer.expected && (
          <div className="mt-1 text-xs text-slate-500" data-testid="answer-template">from template <code className="break-all">{answer.answerTemplate}</code></div>
        )}
        {answer.questionTemplate && (
          <details className="mt-1 text-xs text-slate-500" data-testid="question-template">
            <summary className="cursor-pointer">Question template</summary>
            <CollapsibleText text={answer.questionTemplate} />
          </details>
        )}
      </Section>
      {answer.cleaned !== null && (
        <Section title="Cleaned response (think tags / harmony removed)" testId="panel-cleaned">
          <CollapsibleText text={answer.cleaned} limit={2000} />
        </Section>
      )}
      <Section title={`Diff: expected → ${answer.actualSource === 'file' ? 'file content' : 'cleaned response'}`} testId="panel-diff">
        {answer.json ? <JsonDiff json={answer.json} />
          : answer.expected !== null && answer.actual !== null ? <LineDiff expected={answer.expected} actual={answer.actual} />
          : <Empty>Nothing to compare yet.</Empty>}
      </Section>
    </>
  );
}
