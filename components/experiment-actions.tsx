'use client';
import { useRef, useState, useTransition } from 'react';
import { cancelExperimentAction, resumeExperimentAction } from '@/app/actions/experiment-actions';
import type { RunStatus } from '@/lib/results';

/**
 * Cancel (a running sweep: every running configuration) and Resume (a stopped sweep: every unfinished
 * configuration), with a key field for each configuration whose API key is not in the server's environment.
 * The key fields are uncontrolled and cleared on Resume: a key never sits in React state or a `value` attribute.
 */
export function ExperimentActions({ experimentId, status, keyless }: { experimentId: string; status: RunStatus; keyless: string[] }) {
  const [busy, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const keys = useRef(new Map<string, HTMLInputElement>());
  const resumable = status === 'cancelled' || status === 'interrupted' || status === 'failed';
  const cancel = () => startTransition(async () => setMessage((await cancelExperimentAction(experimentId)).message));
  const resume = () => {
    const apiKeys: Record<string, string> = {};
    for (const [label, input] of keys.current) {
      if (input.value.trim() !== '') apiKeys[label] = input.value.trim();
      input.value = '';
    }
    startTransition(async () => setMessage((await resumeExperimentAction(experimentId, { apiKeys })).message));
  };
  if (status !== 'running' && !resumable && !message) return null;
  return (
    <span className="flex flex-wrap items-center gap-2">
      {status === 'running' && (
        <button type="button" data-testid="experiment-cancel" disabled={busy} onClick={cancel}
          className="rounded border border-rose-300 px-3 py-1 text-sm text-rose-700 hover:bg-rose-50 disabled:opacity-50">Cancel sweep</button>
      )}
      {resumable && keyless.map((label) => (
        <input key={label} ref={(el) => { if (el) keys.current.set(label, el); else keys.current.delete(label); }} type="password" autoComplete="off"
          aria-label={`API key for ${label} (optional)`} placeholder={`${label} API key`} data-testid="experiment-api-key-input" data-label={label}
          className="w-40 rounded border border-slate-300 px-2 py-1 text-sm" />
      ))}
      {resumable && (
        <button type="button" data-testid="experiment-resume" disabled={busy} onClick={resume}
          className="rounded border border-sky-300 px-3 py-1 text-sm text-sky-700 hover:bg-sky-50 disabled:opacity-50">Resume sweep</button>
      )}
      {message && <span className="text-sm text-slate-600" data-testid="experiment-action-message">{message}</span>}
    </span>
  );
}
