'use server';
import { z } from 'zod';
import { getRunManager } from '@/server/run-manager-access';
import { isValidRunId } from '@/server/run-id';

const RunIdSchema = z.string().refine(isValidRunId, 'not a run folder name');
const ResumeOptions = z.object({ retryErrors: z.boolean().optional(), apiKey: z.string().max(500).optional() }).strict();

export interface ActionResult {
  ok: boolean;
  message: string;
}

/** Cancels a run this server started. */
export async function cancelRunAction(runId: unknown): Promise<ActionResult> {
  const id = RunIdSchema.safeParse(runId);
  if (!id.success) return { ok: false, message: `runId: ${id.error.issues[0].message}` };
  const ok = getRunManager().cancel(id.data);
  return { ok, message: ok ? 'Cancelling…' : `Run ${id.data} is not running in this server` };
}

/**
 * Resumes an interrupted or cancelled run in this server (same folder, same seed). With `retryErrors` the
 * errored items of a finished run are run again. An API key, if given, stays in this process's memory.
 */
export async function resumeRunAction(runId: unknown, options: unknown = {}): Promise<ActionResult> {
  const id = RunIdSchema.safeParse(runId);
  if (!id.success) return { ok: false, message: `runId: ${id.error.issues[0].message}` };
  const opts = ResumeOptions.safeParse(options ?? {});
  if (!opts.success) return { ok: false, message: `options: ${opts.error.issues[0].message}` };
  try {
    await getRunManager().resume(id.data, { retryErrors: opts.data.retryErrors, apiKey: opts.data.apiKey || undefined });
    return { ok: true, message: opts.data.retryErrors ? 'Retrying errored items' : 'Resumed' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** Re-runs only the errored items of a stopped run. */
export async function retryErroredAction(runId: unknown): Promise<ActionResult> {
  return resumeRunAction(runId, { retryErrors: true });
}
