import type { ReactNode } from 'react';

/** A titled block of the conversation panel. */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="border-t border-slate-100 pt-3" data-testid={testId}>
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

/** The muted placeholder shown when a part does not exist yet. */
export function Empty({ children = '–' }: { children?: ReactNode }) {
  return <p className="text-sm text-slate-500">{children}</p>;
}
