import { STATUS_STYLE } from './format';

/** A small coloured pill for an item or run status. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const style = STATUS_STYLE[status as keyof typeof STATUS_STYLE] ?? 'bg-slate-100 text-slate-700';
  return (
    <span data-testid={testId} data-status={status} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${style}`}>
      {status}
    </span>
  );
}
