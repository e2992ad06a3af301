'use client';
import { startTransition, useActionState, useState } from 'react';
import type { FormEvent } from 'react';
import { startSweepAction } from '@/app/actions/start-sweep';
import type { StartSweepState } from '@/app/actions/start-sweep';
import { agentKinds, defaultAgentKind, findAgentKind } from '@/lib/agents';
import type { AgentField } from '@/lib/agents';

interface Props {
  suites: Array<{ id: string; title: string; description?: string }>;
  /** Server-configured defaults of agent fields, by field key (e.g. the simulated think time). */
  fieldDefaults: Record<string, string>;
}

/** One model row: its agent kind and every typed value (agent fields by key, `label`, `concurrency`). */
interface Row {
  id: number;
  agent: string;
  values: Record<string, string>;
}

const field = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm';
const label = 'block text-xs font-medium text-slate-700';
const button = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50';
const INITIAL: StartSweepState = { error: null, issues: [], yaml: '', attempt: 0 };
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One agent setting of a row, as its kind declares it (the run form's inputs, named `models.<i>.<key>`). */
function RowInput({ setting, name, value, placeholder, onChange }: { setting: AgentField; name: string; value: string; placeholder?: string; onChange: (v: string) => void }) {
  const form = setting.form!;
  const common = { id: name, name, 'data-testid': `${kebab(setting.key)}-input`, placeholder: placeholder ?? form.placeholder, className: field };
  return (
    <div>
      <label className={label} htmlFor={name}>{form.label}</label>
      {/* The key goes to the server with the submit and stays in its memory; it is never written. */}
      {setting.type === 'secret' && <input {...common} type="password" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />}
      {setting.type === 'number' && <input {...common} type="number" min={form.min} max={form.max} step={form.step ?? 'any'} value={value} onChange={(e) => onChange(e.target.value)} />}
      {(setting.type === 'text' || setting.type === 'ms-range') && <input {...common} value={value} onChange={(e) => onChange(e.target.value)} />}
      {setting.type === 'flag' && <input {...common} type="checkbox" value="true" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : '')} className="ml-2" />}
    </div>
  );
}

/** The model rows' state: add (labelled `model-<n>`), duplicate (below the original), remove, update one. */
function useModelRows() {
  const [nextId, setNextId] = useState(2);
  const [rows, setRows] = useState<Row[]>([{ id: 1, agent: defaultAgentKind, values: { label: 'model-1' } }]);
  const update = (id: number, patch: (r: Row) => Row) => setRows((rs) => rs.map((r) => (r.id === id ? patch(r) : r)));
  const add = () => {
    setRows((rs) => [...rs, { id: nextId, agent: defaultAgentKind, values: { label: `model-${nextId}` } }]);
    setNextId((n) => n + 1);
  };
  const duplicate = (row: Row) => {
    setRows((rs) => {
      const at = rs.findIndex((r) => r.id === row.id);
      const copy = { id: nextId, agent: row.agent, values: { ...row.values, label: `${row.values.label ?? 'model'}-copy` } };
      return [...rs.slice(0, at + 1), copy, ...rs.slice(at + 1)];
    });
    setNextId((n) => n + 1);
  };
  const remove = (id: number) => setRows((rs) => rs.filter((r) => r.id !== id));
  return { rows, update, add, duplicate, remove };
}

/** One model row: label, agent kind, concurrency, the kind's settings (inputs named `models.<index>.<key>`). */
function ModelRow({ row, index, fieldDefaults, only, onUpdate, onDuplicate, onRemove }: {
  row: Row; index: number; fieldDefaults: Record<string, string>; only: boolean;
  onUpdate: (patch: (r: Row) => Row) => void; onDuplicate: () => void; onRemove: () => void;
}) {
  const settings = (findAgentKind(row.agent)?.fields ?? []).filter((s) => s.form);
  const name = (key: string) => `models.${index}.${key}`;
  const set = (key: string) => (v: string) => onUpdate((r) => ({ ...r, values: { ...r.values, [key]: v } }));
  return (
    <fieldset data-testid="model-row" data-index={index} className="rounded border border-slate-200 p-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <label className={label} htmlFor={name('label')}>Label</label>
          <input id={name('label')} name={name('label')} data-testid="model-label-input" value={row.values.label ?? ''} onChange={(e) => set('label')(e.target.value)} className={field} />
        </div>
        <div className="w-72">
          <label className={label} htmlFor={name('agent')}>Agent</label>
          <select id={name('agent')} name={name('agent')} data-testid="agent-select" className={field} value={row.agent} onChange={(e) => onUpdate((r) => ({ ...r, agent: e.target.value }))}>
            {agentKinds.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </div>
        <div className="w-28">
          <label className={label} htmlFor={name('concurrency')}>Concurrency</label>
          <input id={name('concurrency')} name={name('concurrency')} type="number" min={1} data-testid="concurrency-input" placeholder="1" value={row.values.concurrency ?? ''} onChange={(e) => set('concurrency')(e.target.value)} className={field} />
        </div>
        <div className="ml-auto flex gap-2">
          <button type="button" className={button} data-testid="duplicate-row" onClick={onDuplicate}>Duplicate</button>
          <button type="button" className={button} data-testid="remove-row" disabled={only} onClick={onRemove}>Remove</button>
        </div>
      </div>
      <div className="mt-2 grid gap-3 sm:grid-cols-3">
        {settings.map((s) => (
          <RowInput key={s.key} setting={s} name={name(s.key)} value={row.values[s.key] ?? ''} placeholder={fieldDefaults[s.key]} onChange={set(s.key)} />
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The sweep form: suite, seed, samples and a list of model rows (add, remove, duplicate). It is turned into an
 * experiment file on the server and validated there like one; problems come back located and are listed here.
 */
export function NewSweepForm({ suites, fieldDefaults }: Props) {
  const [state, action, pending] = useActionState(startSweepAction, INITIAL);
  const [suite, setSuite] = useState(suites[0]?.id ?? '__path');
  const { rows, update, add, duplicate, remove } = useModelRows();
  // Submitted from a transition rather than `<form action>`: React would reset the (controlled) rows after it.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => action(data));
  };

  return (
    <form onSubmit={submit} data-testid="new-sweep-form" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="grid gap-3 sm:grid-cols-4">
        <div className="sm:col-span-2">
          <label className={label} htmlFor="name">Experiment name</label>
          <input id="name" name="name" data-testid="sweep-name-input" defaultValue="sweep" className={field} />
        </div>
        <div><label className={label} htmlFor="seed">Seed</label><input id="seed" name="seed" type="number" min={0} data-testid="seed-input" placeholder="random" className={field} /></div>
        <div><label className={label} htmlFor="samples">Samples (override)</label><input id="samples" name="samples" type="number" min={0} data-testid="samples-input" placeholder="from file" className={field} /></div>
      </div>
      <div>
        <label className={label} htmlFor="suite">Definitions</label>
        <select id="suite" name="suite" data-testid="definitions-select" className={field} value={suite} onChange={(e) => setSuite(e.target.value)}>
          {suites.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          <option value="__path">A YAML file on the server (path)…</option>
        </select>
        {suite === '__path' && <input name="definitionsPath" data-testid="definitions-path" placeholder="/path/to/tests.yaml" className={field} />}
        {suite !== '__path' && <p className="mt-1 text-xs text-slate-500">{suites.find((s) => s.id === suite)?.description}</p>}
      </div>

      <div className="space-y-3" data-testid="model-rows">
        <h2 className="text-sm font-semibold text-slate-700">Models</h2>
        {rows.map((row, i) => (
          <ModelRow key={row.id} row={row} index={i} fieldDefaults={fieldDefaults} only={rows.length === 1}
            onUpdate={(patch) => update(row.id, patch)} onDuplicate={() => duplicate(row)} onRemove={() => remove(row.id)} />
        ))}
        <button type="button" className={button} data-testid="add-row" onClick={add}>+ Add model</button>
      </div>

      {state.error && (
        <div role="alert" data-testid="form-error" className="rounded border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
          <p className="font-medium">{state.error}</p>
          {state.issues.length > 0 && (
            <ul className="mt-2 space-y-1 font-mono text-xs" data-testid="sweep-issues">
              {state.issues.map((i, n) => <li key={n} data-path={i.path}>{i.path && <b>{i.path}</b>} {i.message} <span className="text-rose-500">[line {i.line}, {i.code}]</span></li>)}
            </ul>
          )}
          {state.yaml && (
            <details className="mt-2"><summary className="cursor-pointer text-xs">The experiment file this form made</summary><pre className="mt-1 overflow-x-auto text-xs" data-testid="sweep-yaml">{state.yaml}</pre></details>
          )}
        </div>
      )}
      <button type="submit" disabled={pending} data-testid="start-sweep" className="rounded bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50">
        {pending ? 'Preparing sandboxes…' : 'Start sweep'}
      </button>
    </form>
  );
}
