import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AgentField, AnyAgentKindSpec } from './agent-kind';
import { AgentConfigError, configFromFields, parseAgentConfig, validateAgentConfig } from './agent-config';
import { agentCliFields, agentKindNames, agentKinds, takesApiKey, type AgentKind } from './agent-kinds';
import { agentConfigSchemas } from './agent-schemas';
import { agentFactories, createAgent } from './registry';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('configFromFields (the CLI and the form)', () => {
  it('turns typed-in text into a validated config; blanks are "not set"; the API key never enters it', () => {
    const r = configFromFields('openai', { baseUrl: ' http://127.0.0.1:8000/v1 ', model: 'qwen3', apiKey: 'sk-secret', apiKeyEnv: '', maxRounds: '7', temperature: '0.2', allowExec: 'on', endpoint: 'http://ignored' });
    expect(r).toEqual({ ok: true, config: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen3', maxRounds: 7, temperature: 0.2, allowExec: true } });
  });

  it('names every missing or bad setting by its key', () => {
    const r = configFromFields('openai', { baseUrl: 'ftp://x', maxRounds: '2.5', apiKeyEnv: 'not a name' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.key}: ${i.message}`)).toEqual([
      'baseUrl: expected an http(s) URL',
      'model: required',
      'apiKeyEnv: an environment variable name',
      'maxRounds: expected an integer',
    ]);
    expect(r.issues[0].field?.cli?.flag).toBe('--base-url');
  });

  it('reports text that is not a number before validating', () => {
    const r = configFromFields('simulated', { accuracy: 'lots', thinkMs: 'soon' });
    expect(r.ok ? [] : r.issues.map((i) => `${i.key}: ${i.message}`)).toEqual([
      "thinkMs: expected N or MIN-MAX (milliseconds), got 'soon'",
      "accuracy: expected a number, got 'lots'",
    ]);
  });

  it.each([
    { thinkMs: '250', want: 250 },
    { thinkMs: '200-1000', want: [200, 1000] },
    { thinkMs: 0, want: 0 },
  ])('reads a think time of $thinkMs', ({ thinkMs, want }) => {
    expect(configFromFields('simulated', { thinkMs })).toEqual({ ok: true, config: { kind: 'simulated', thinkMs: want } });
  });

  it('refuses a reversed think-time range and probabilities outside 0–1', () => {
    const r = configFromFields('simulated', { thinkMs: '900-100', errorRate: '1.5' });
    expect(r.ok ? [] : r.issues.map((i) => `${i.key}: ${i.message}`)).toEqual(['thinkMs: MIN must not exceed MAX', 'errorRate: expected a probability (0–1)']);
  });

  it('applies defaults only to fields left blank', () => {
    expect(configFromFields('simulated', { thinkMs: '' }, { thinkMs: '40' })).toEqual({ ok: true, config: { kind: 'simulated', thinkMs: 40 } });
    expect(configFromFields('simulated', { thinkMs: '5' }, { thinkMs: '40' })).toEqual({ ok: true, config: { kind: 'simulated', thinkMs: 5 } });
    expect(configFromFields('agentic-server', {}, { endpoint: 'http://localhost:5002/api/chat' })).toEqual({ ok: true, config: { kind: 'agentic-server', endpoint: 'http://localhost:5002/api/chat' } });
  });

  it('refuses an unknown kind, listing the known ones', () => {
    expect(configFromFields('gpt-direct', {})).toEqual({ ok: false, issues: [{ key: 'agent', message: "unknown agent kind 'gpt-direct' (expected one of simulated, openai, agentic-server)" }] });
  });
});

describe('validateAgentConfig / parseAgentConfig (library callers, manifests)', () => {
  it.each([
    { kind: 'simulated', thinkMs: [200, 1000], accuracy: 0.7, errorRate: 0 },
    { kind: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-x', apiKeyEnv: 'MY_KEY', temperature: 0.4, maxTokens: 100, maxRounds: 3, requestTimeoutS: 5, allowExec: false },
    { kind: 'agentic-server', endpoint: 'http://127.0.0.1:5002/api/chat', maxRounds: 4, requestTimeoutS: 1.5 },
  ])('accepts a valid $kind config unchanged', (config) => {
    expect(parseAgentConfig(config)).toEqual(config);
  });

  it('throws an AgentConfigError whose message locates each bad setting', () => {
    let err: unknown;
    try {
      parseAgentConfig({ kind: 'agentic-server', endpoint: 'nowhere', maxRounds: 0 }, 'run.json agent.config');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AgentConfigError);
    expect((err as Error).message).toBe('run.json agent.config.endpoint: expected an http(s) URL; run.json agent.config.maxRounds: at least 1');
  });

  it('refuses a missing or unknown kind', () => {
    expect(validateAgentConfig({ endpoint: 'http://x' })).toMatchObject({ ok: false, issues: [{ key: 'kind', message: 'expected one of simulated, openai, agentic-server, got null' }] });
    expect(validateAgentConfig(null).ok).toBe(false);
  });
});

describe('the registry', () => {
  it('has a factory for every kind, and each builds an agent of its kind', () => {
    expect(Object.keys(agentFactories).sort()).toEqual([...agentKindNames].sort());
    const configs = { simulated: { kind: 'simulated' }, openai: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }, 'agentic-server': { kind: 'agentic-server', endpoint: 'http://127.0.0.1:9/api/chat' } } as const;
    for (const kind of agentKindNames) expect(createAgent(configs[kind], { seed: 1 }).kind).toBe(kind);
  });

  it('createAgent validates first: a bad config never builds an agent', () => {
    expect(() => createAgent({ kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: ' ' }, { seed: 1 })).toThrow('agent.model: required');
  });

  it('every field names a key of its kind\'s schema (or is the one secret), and form fields have labels', () => {
    for (const spec of agentKinds as readonly AnyAgentKindSpec[]) {
      const keys = Object.keys(agentConfigSchemas[spec.kind as AgentKind].shape);
      for (const f of spec.fields) {
        expect(f.type === 'secret' ? f.key : keys).toContain(f.type === 'secret' ? 'apiKey' : f.key);
        if (f.type === 'secret') expect(f.cli).toBeUndefined();
        if (f.form) expect(f.form.label).not.toBe('');
      }
    }
    expect(agentKindNames.filter(takesApiKey)).toEqual(['openai']);
    expect(takesApiKey('no-such-kind')).toBe(false);
  });

  it('lists each CLI flag once; kinds share a flag only by sharing its field', () => {
    const flags = agentCliFields().map((f) => f.cli!.flag);
    expect(new Set(flags).size).toBe(flags.length);
    expect(flags).toEqual(expect.arrayContaining(['--think-ms', '--base-url', '--api-endpoint', '--max-llm-rounds', '--request-timeout', '--allow-exec']));
    const clash: AgentField = { key: 'maxRounds', type: 'number', cli: { flag: '--max-llm-rounds', arg: '<n>', help: 'another meaning' } };
    const other: AnyAgentKindSpec = { kind: 'other', label: 'Other', fields: [clash] };
    expect(() => agentCliFields([...(agentKinds as readonly AnyAgentKindSpec[]), other])).toThrow(/--max-llm-rounds differently/);
  });
});

/** Every module lib/agents/index.ts reaches through relative imports, with the bare imports each makes. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const bare: string[] = [];
    seen.set(file, bare);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) {
      if (/^(?:import|export)\s+type\s/.test(m[0])) continue; // erased at build time
      if (m[1].startsWith('.')) visit(`${path.resolve(path.dirname(file), m[1])}.ts`);
      else bare.push(m[1]);
    }
  };
  visit(entry);
  return seen;
}

describe('lib/agents/index.ts (imported by the browser bundle)', () => {
  it('reaches no node-only module: no node builtins, no SDK, no factory', () => {
    const graph = importGraph(path.join(here, 'index.ts'));
    const files = [...graph.keys()].map((f) => path.relative(here, f));
    expect(files).not.toContain('registry.ts');
    expect(files).toContain(path.join('kinds', 'openai.ts'));
    const nodeOnly = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'openai', 'better-sqlite3']);
    const offenders = [...graph].flatMap(([file, bare]) => bare.filter((b) => nodeOnly.has(b) || b.startsWith('node:')).map((b) => `${path.relative(here, file)} → ${b}`));
    expect(offenders).toEqual([]);
    expect(new Set([...graph.values()].flat())).toEqual(new Set(['zod']));
  });
});
