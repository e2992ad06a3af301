'use client';
import { useActionState, useState } from 'react';
import { startRunAction } from '@/app/actions/start-run';
import type { StartRunState } from '@/app/actions/start-run';
import { agentKinds, defaultAgentKind, findAgentKind } from '@/lib/agents';
import type { AgentField } from '@/lib/agents';

interface Props {
  suites: Array<{ id: string; title: string; description?: string }>;
  /** Server-configured defaults of agent fields, by field key (e.g. the simulated think time). */
  fieldDefaults: Record<string, string>;
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

/** One agent setting, as its kind declares it (lib/agents/kinds/): its key is the input's name. */
function AgentInput({ setting, value }: { setting: AgentField; value: string | undefined }) {
  const form = setting.form!;
  const testId = `${setting.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-input`;
  const common = { id: setting.key, name: setting.key, 'data-testid': testId, placeholder: form.placeholder, className: field };
  return (
    <div>
      <label className={label} htmlFor={setting.key}>{form.label}</label>
      {/* The key is never refilled: it goes to the server once and stays in its memory. */}
      {setting.type === 'secret' && <input {...common} type="password" autoComplete="off" />}
      {setting.type === 'number' && <input {...common} type="number" min={form.min} max={form.max} step={form.step} defaultValue={value} />}
      {(setting.type === 'text' || setting.type === 'ms-range') && <input {...common} defaultValue={value} />}
      {setting.type === 'flag' && <input {...common} type="checkbox" value="true" defaultChecked={value === 'true'} className="ml-2" />}
    </div>
  );
}

function RunFormBody({ suites, fieldDefaults, state, action, pending }: Props & { state: StartRunState; action: (f: FormData) => void; pending: boolean }) {
  const f = state.fields;
  const [suite, setSuite] = useState(f.suite ?? suites[0]?.id ?? '__path');
  const [agent, setAgent] = useState(f.agent ?? defaultAgentKind);
  const settings = (findAgentKind(agent)?.fields ?? []).filter((s) => s.form);
  const input = (s: AgentField) => <AgentInput key={s.key} setting={s} value={f[s.key] ?? fieldDefaults[s.key]} />;
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
          {agentKinds.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
        </select>
      </div>
      {settings.some((s) => !s.form?.advanced) && (
        <div className="grid gap-3 sm:grid-cols-2" data-testid="agent-settings">{settings.filter((s) => !s.form?.advanced).map(input)}</div>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <div><label className={label} htmlFor="samples">Samples (override)</label><input id="samples" name="samples" type="number" min={1} data-testid="samples-input" defaultValue={f.samples} placeholder="from file" className={field} /></div>
        <div><label className={label} htmlFor="seed">Seed</label><input id="seed" name="seed" type="number" min={0} data-testid="seed-input" defaultValue={f.seed} placeholder="random" className={field} /></div>
        <div><label className={label} htmlFor="label">Label</label><input id="label" name="label" data-testid="label-input" defaultValue={f.label} placeholder="my_run" className={field} /></div>
      </div>
      <details className="rounded border border-slate-200 p-3" data-testid="advanced">
        <summary className="cursor-pointer text-sm text-slate-600">Advanced</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          {settings.filter((s) => s.form?.advanced).map(input)}
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
