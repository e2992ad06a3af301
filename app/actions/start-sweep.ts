'use server';
import { redirect } from 'next/navigation';
import { stringify } from 'yaml';
import { getExperimentManager } from '@/server/experiment-manager-access';
import { getRunManager } from '@/server/run-manager-access';
import { agentFieldDefaults } from './start-run-schema';
import { sweepDocFromForm } from './start-sweep-schema';

/** What the sweep form shows after a failed submit. */
export interface StartSweepState {
  error: string | null;
  /** Located problems, as the experiment parser reports them for a file. */
  issues: Array<{ file: string; path: string; line: number; column: number; message: string; code: string }>;
  /** The experiment file the form was turned into (the issues' lines are its lines). */
  yaml: string;
  attempt: number;
}

function hasIssues(err: unknown): err is Error & { issues: StartSweepState['issues'] } {
  return err instanceof Error && Array.isArray((err as { issues?: unknown }).issues);
}

/**
 * Turns the form into experiment file text, validates it with the experiment parser (the same located errors as
 * `picard sweep`), starts the sweep in this process and redirects to the experiment's live page.
 */
export async function startSweepAction(prev: StartSweepState, form: FormData): Promise<StartSweepState> {
  const { doc, apiKeys } = sweepDocFromForm(Object.fromEntries(form.entries()), agentFieldDefaults(getRunManager().simThinkMs));
  const yaml = stringify(doc);
  const fail = (error: string, issues: StartSweepState['issues'] = []): StartSweepState => ({ error, issues, yaml, attempt: (prev?.attempt ?? 0) + 1 });
  let id: string;
  try {
    id = await getExperimentManager().start(yaml, { apiKeys });
  } catch (err) {
    if (hasIssues(err)) return fail(`Invalid experiment: ${err.issues.length} problem(s)`, err.issues);
    return fail((err as Error).message);
  }
  redirect(`/experiments/${encodeURIComponent(id)}`);
}
