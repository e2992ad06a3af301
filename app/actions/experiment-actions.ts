'use server';
import { z } from 'zod';
import { getExperimentManager } from '@/server/experiment-manager-access';
import { isValidRunId } from '@/server/run-id';
import type { ActionResult } from './run-actions';

const ExperimentIdSchema = z.string().refine(isValidRunId, 'not an experiment folder name');
/** Keys by configuration label, typed next to Resume; they stay in this process's memory. */
const ResumeOptions = z.object({
  apiKeys: z.record(z.string().max(200), z.string().max(500)).optional(),
  retryErrors: z.boolean().optional(),
}).strict();

/** Cancels every running configuration of a sweep this server is running (each run stays resumable). */
export async function cancelExperimentAction(experimentId: unknown): Promise<ActionResult> {
  const id = ExperimentIdSchema.safeParse(experimentId);
  if (!id.success) return { ok: false, message: `experimentId: ${id.error.issues[0].message}` };
  const ok = getExperimentManager().cancel(id.data);
  return { ok, message: ok ? 'Cancelling every configuration…' : `Experiment ${id.data} is not running in this server` };
}

/** Resumes every unfinished configuration of a stopped experiment in this server (same folder, same seed). */
export async function resumeExperimentAction(experimentId: unknown, options: unknown = {}): Promise<ActionResult> {
  const id = ExperimentIdSchema.safeParse(experimentId);
  if (!id.success) return { ok: false, message: `experimentId: ${id.error.issues[0].message}` };
  const opts = ResumeOptions.safeParse(options ?? {});
  if (!opts.success) return { ok: false, message: `options: ${opts.error.issues[0].message}` };
  const apiKeys = Object.fromEntries(Object.entries(opts.data.apiKeys ?? {}).filter(([, k]) => k.trim() !== '').map(([l, k]) => [l, k.trim()]));
  try {
    await getExperimentManager().resume(id.data, { apiKeys, retryErrors: opts.data.retryErrors });
    return { ok: true, message: 'Resumed' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
