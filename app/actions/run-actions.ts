'use server';
import { z } from 'zod';
import { getRunManager } from '@/server/run-manager-access';
import { isValidRunId } from '@/server/run-id';

const RunIdSchema = z.string().refine(isValidRunId, 'not a run folder name');

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

/** Resumes an interrupted or cancelled run in this server (same folder, same seed). */
export async function resumeRunAction(runId: unknown): Promise<ActionResult> {
  const id = RunIdSchema.safeParse(runId);
  if (!id.success) return { ok: false, message: `runId: ${id.error.issues[0].message}` };
  try {
    await getRunManager().resume(id.data);
    return { ok: true, message: 'Resumed' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
