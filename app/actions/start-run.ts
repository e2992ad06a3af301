'use server';
import { redirect } from 'next/navigation';
import { getRunManager } from '@/server/run-manager-access';
import { agentFieldDefaults, agentFromForm, StartRunForm } from './start-run-schema';

const MAX_UPLOAD = 2 * 1024 * 1024;

/** What the form shows after a failed submit. */
export interface StartRunState {
  error: string | null;
  /** Located problems in the definitions file. */
  issues: Array<{ file: string; path: string; line: number; column: number; message: string; code: string }>;
  fields: Record<string, string>;
  /** Counts submissions, so the form can remount with the submitted values. */
  attempt: number;
}

function hasIssues(err: unknown): err is Error & { issues: StartRunState['issues'] } {
  return err instanceof Error && Array.isArray((err as { issues?: unknown }).issues);
}

/** Validates the form, starts the run in this process, and redirects to its live page. */
export async function startRunAction(prev: StartRunState, form: FormData): Promise<StartRunState> {
  const fields = Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === 'string' && k !== 'apiKey' && !k.startsWith('$')).map(([k, v]) => [k, String(v)]));
  const fail = (error: string, issues: StartRunState['issues'] = []): StartRunState => ({ error, issues, fields, attempt: (prev?.attempt ?? 0) + 1 });
  const entries = Object.fromEntries(form.entries());
  const parsed = StartRunForm.safeParse(entries);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const v = parsed.data;
  const manager = getRunManager();
  let definitionsFile: string | undefined;
  if (v.suite === '__upload') {
    const upload = form.get('definitionsUpload');
    if (!(upload instanceof File) || upload.size === 0) return fail('definitionsUpload: choose a YAML file to upload');
    if (upload.size > MAX_UPLOAD) return fail(`definitionsUpload: ${upload.name} is larger than 2 MB`);
    definitionsFile = manager.saveUpload(upload.name, await upload.text());
  } else {
    definitionsFile = v.suite === '__path' ? v.definitionsPath : manager.listSuites().find((s) => s.id === v.suite)?.file;
  }
  if (!definitionsFile) return fail(v.suite === '__path' ? 'definitionsPath: enter the path of a YAML definitions file' : `suite: unknown bundled suite '${v.suite}'`);
  const agent = agentFromForm(v.agent, entries, agentFieldDefaults(manager.simThinkMs));
  if (typeof agent === 'string') return fail(agent);

  let runId: string;
  try {
    runId = await manager.start({
      definitionsFile, agent, label: v.label, seed: v.seed, samples: v.samples,
      concurrency: v.concurrency, retries: v.retries, apiKey: v.apiKey,
    });
  } catch (err) {
    if (hasIssues(err)) return fail(`Invalid definitions: ${err.issues.length} problem(s)`, err.issues);
    return fail((err as Error).message);
  }
  redirect(`/runs/${encodeURIComponent(runId)}`);
}
