'use client';
import { useActionState, useState } from 'react';
import { startRunAction } from '@/app/actions/start-run';
import type { StartRunState } from '@/app/actions/start-run';

interface Props {
  suites: Array<{ id: string; title: string; description?: string }>;
  defaultThinkMs: number | null;
}

const field = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm';
const label = 'block text-sm font-medium text-slate-700';
const INITIAL: StartRunState = { error: null, issues: [], fields: {}, attempt: 0 };

/** The new-run form. Submits to a server action; definition errors come back located and are listed here. */
export function NewRunForm(props: Props) {
  const [state, action, pending] = useActionState(startRunAction, INITIAL);
  // React resets a form after its action; remounting per attempt refills every field from `state.fields`.
  return <RunFormBody key={state.attempt} {...props} state={state} action={action} pending={pending} />;
}

function RunFormBody({ suites, defaultThinkMs, state, action, pending }: Props & { state: StartRunState; action: (f: FormData) => void; pending: boolean }) {
  const f = state.fields;
  const [suite, setSuite] = useState(f.suite ?? suites[0]?.id ?? '__path');
  const [agent, setAgent] = useState(f.agent ?? 'simulated');
  return (
    <form action={action} data-testid="new-run-form" className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div>
        <label className={label} htmlFor="suite">Definitions</label>
        <select id="suite" name="suite" data-testid="definitions-select" className={field} value={suite} onChange={(e) => setSuite(e.target.value)}>
          {suites.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          <option value="__upload">Upload a YAML file…</option>
          <option value="__path">A YAML file on the server (path)…</option>
        </select>
        {suite === '__path' && <input name="definitionsPath" data-testid="definitions-path" placeholder="/path/to/tests.yaml" defaultValue={f.definitionsPath} className={field} />}
        {suite === '__upload' && <input name="definitionsUpload" type="file" accept=".yaml,.yml,text/yaml" data-testid="definitions-upload" className={field} />}
        {suite !== '__path' && suite !== '__upload' && <p className="mt-1 text-xs text-slate-500">{suites.find((s) => s.id === suite)?.description}</p>}
      </div>
      <div>
        <label className={label} htmlFor="agent">Agent</label>
        <select id="agent" name="agent" data-testid="agent-select" className={field} value={agent} onChange={(e) => setAgent(e.target.value)}>
          <option value="simulated">Simulated (no model; answers from the key)</option>
          <option value="openai">OpenAI-compatible endpoint</option>
          <option value="agentic-server">Agentic server (PICARD protocol)</option>
        </select>
      </div>
      {agent === 'openai' && (
        <div className="grid gap-3 sm:grid-cols-2">
          <div><label className={label} htmlFor="baseUrl">Base URL</label><input id="baseUrl" name="baseUrl" data-testid="base-url-input" placeholder="http://127.0.0.1:8000/v1" defaultValue={f.baseUrl} className={field} /></div>
          <div><label className={label} htmlFor="model">Model</label><input id="model" name="model" data-testid="model-input" defaultValue={f.model} className={field} /></div>
          <div><label className={label} htmlFor="apiKey">API key (kept in server memory, never written)</label><input id="apiKey" name="apiKey" type="password" autoComplete="off" data-testid="api-key-input" className={field} /></div>
          <div><label className={label} htmlFor="apiKeyEnv">…or from the server&apos;s environment variable</label><input id="apiKeyEnv" name="apiKeyEnv" data-testid="api-key-env-input" defaultValue={f.apiKeyEnv} placeholder="OPENAI_API_KEY" className={field} /></div>
        </div>
      )}
      {agent === 'agentic-server' && (
        <div><label className={label} htmlFor="endpoint">Endpoint</label><input id="endpoint" name="endpoint" data-testid="endpoint-input" placeholder="http://127.0.0.1:5002/api/chat" defaultValue={f.endpoint} className={field} /></div>
      )}
      {agent !== 'simulated' && (
        <div><label className={label} htmlFor="maxRounds">Max rounds per item</label><input id="maxRounds" name="maxRounds" type="number" min={1} data-testid="max-rounds-input" defaultValue={f.maxRounds} placeholder="20" className={field} /></div>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <div><label className={label} htmlFor="samples">Samples (override)</label><input id="samples" name="samples" type="number" min={1} data-testid="samples-input" defaultValue={f.samples} placeholder="from file" className={field} /></div>
        <div><label className={label} htmlFor="seed">Seed</label><input id="seed" name="seed" type="number" min={0} data-testid="seed-input" defaultValue={f.seed} placeholder="random" className={field} /></div>
        <div><label className={label} htmlFor="label">Label</label><input id="label" name="label" data-testid="label-input" defaultValue={f.label} placeholder="my_run" className={field} /></div>
      </div>
      <details className="rounded border border-slate-200 p-3" data-testid="advanced">
        <summary className="cursor-pointer text-sm text-slate-600">Advanced</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <div><label className={label} htmlFor="thinkMs">Simulated think time (ms)</label><input id="thinkMs" name="thinkMs" type="number" min={0} data-testid="think-ms-input" defaultValue={f.thinkMs ?? (defaultThinkMs ?? '')} placeholder="200–1000 random" className={field} /></div>
          <div><label className={label} htmlFor="accuracy">Simulated accuracy (0–1)</label><input id="accuracy" name="accuracy" type="number" step="0.05" min={0} max={1} data-testid="accuracy-input" defaultValue={f.accuracy} placeholder="0.8" className={field} /></div>
          <div><label className={label} htmlFor="errorRate">Simulated error rate per attempt (0–1)</label><input id="errorRate" name="errorRate" type="number" step="0.05" min={0} max={1} data-testid="error-rate-input" defaultValue={f.errorRate} placeholder="0" className={field} /></div>
          <div><label className={label} htmlFor="concurrency">Concurrency</label><input id="concurrency" name="concurrency" type="number" min={1} data-testid="concurrency-input" defaultValue={f.concurrency} placeholder="1" className={field} /></div>
          <div><label className={label} htmlFor="retries">Retries</label><input id="retries" name="retries" type="number" min={0} data-testid="retries-input" defaultValue={f.retries} placeholder="5" className={field} /></div>
        </div>
      </details>
      {state.error && (
        <div role="alert" data-testid="form-error" className="rounded border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
          <p className="font-medium">{state.error}</p>
          {state.issues.length > 0 && (
            <ul className="mt-2 space-y-1 font-mono text-xs" data-testid="definition-issues">
              {state.issues.map((i, n) => <li key={n}>{i.file}:{i.line}:{i.column} {i.path && <b>{i.path}</b>} {i.message} <span className="text-rose-500">[{i.code}]</span></li>)}
            </ul>
          )}
        </div>
      )}
      <button type="submit" disabled={pending} data-testid="start-run" className="rounded bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50">
        {pending ? 'Preparing sandbox…' : 'Start run'}
      </button>
    </form>
  );
}
