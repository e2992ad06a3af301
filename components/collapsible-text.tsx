import { formatCount } from './format';

/** Pre-formatted text; anything longer than `limit` characters is collapsed behind a <details>. */
export function CollapsibleText({ text, limit = 600, className = '' }: { text: string; limit?: number; className?: string }) {
  const pre = `whitespace-pre-wrap break-words font-mono text-xs ${className}`;
  if (text.length <= limit) return <pre className={pre}>{text}</pre>;
  return (
    <details data-testid="collapsed">
      <summary className="cursor-pointer text-xs text-sky-700">
        <span className={pre}>{text.slice(0, 200)}…</span> <span className="whitespace-nowrap">(show all {formatCount(text.length)} chars)</span>
      </summary>
      <pre className={pre}>{text}</pre>
    </details>
  );
}

/** Pretty-prints a JSON string when it parses, otherwise returns it as is. */
export function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
