import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBundledSuite } from '../suites';
import { ExperimentError, ExpCode, loadExperimentFile, parseExperimentText } from './experiment-file';

const FILE = '/exp/dir/experiment.yaml';

function issuesOf(text: string): ExperimentError {
  try {
    parseExperimentText(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ExperimentError);
    return err as ExperimentError;
  }
  throw new Error('expected the experiment file to be refused');
}

describe('experiment file', () => {
  it('resolves definitions relative to the file, applies top-level defaults, keeps per-model overrides', () => {
    const spec = parseExperimentText(
      `name: past-three-models
definitions: suites/past.yaml
seed: 42
samples: 10
concurrency: 4
retries: 2
max_rounds: 7
models:
  - label: strong-sim
    agent: simulated
    accuracy: 0.9
    think_ms: "100-300"
  - label: gpt-small
    agent: openai
    base_url: http://127.0.0.1:8000/v1
    model: some-model
    api_key_env: OPENAI_API_KEY
    temperature: 0
    concurrency: 8
    price_per_mtok: { input: 0.15, output: 0.60 }
  - label: qwen-server
    agent: agentic-server
    max_rounds: 3
`,
      FILE,
    );
    expect(spec).toMatchObject({ name: 'past-three-models', definitionsFile: '/exp/dir/suites/past.yaml', seed: 42, samples: 10 });
    expect(spec.configurations).toEqual([
      { label: 'strong-sim', agent: { kind: 'simulated', accuracy: 0.9, thinkMs: [100, 300] }, options: { concurrency: 4, retries: 2 } },
      {
        label: 'gpt-small',
        agent: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', model: 'some-model', apiKeyEnv: 'OPENAI_API_KEY', temperature: 0, maxRounds: 7 },
        options: { concurrency: 8, retries: 2 },
        price: { input: 0.15, output: 0.6 },
      },
      { label: 'qwen-server', agent: { kind: 'agentic-server', endpoint: 'http://localhost:5002/api/chat', maxRounds: 3 }, options: { concurrency: 4, retries: 2 } },
    ]);
  });

  it('takes a bundled suite id for definitions', () => {
    const spec = parseExperimentText('name: q\ndefinitions: quickstart\nmodels:\n  - { label: a, agent: simulated }\n', FILE);
    expect(spec.definitionsFile).toBe(findBundledSuite('quickstart')!.file);
    expect(spec.seed).toBeUndefined();
  });

  it('reports every problem at file:line:column with its YAML path', () => {
    const err = issuesOf(`definitions: suites/past.yaml
seed: "42"
models:
  - label: a
    agent: simulated
    acuracy: 0.9
  - label: b
    agent: simulated
    accuracy: 1.5
  - label: a
    agent: simulated
  - label: c
    agent: gpt
  - label: d
    agent: openai
    model: m
  - agent: simulated
`);
    const found = err.issues.map((i) => [i.line, i.path, i.code]);
    expect(found).toEqual([
      [1, 'name', ExpCode.MISSING_FIELD],
      [2, 'seed', ExpCode.BAD_VALUE],
      [6, 'models[0].acuracy', ExpCode.UNKNOWN_KEY],
      [9, 'models[1].accuracy', ExpCode.BAD_VALUE],
      [10, 'models[2].label', ExpCode.DUPLICATE_LABEL],
      [13, 'models[3].agent', ExpCode.BAD_VALUE],
      [14, 'models[4].base_url', ExpCode.MISSING_FIELD],
      [17, 'models[5].label', ExpCode.MISSING_FIELD],
    ]);
    const lines = err.message.split('\n');
    expect(lines[1]).toBe(`${FILE}:2:7 seed: 'seed' expected an integer, got a string ('42')`);
    expect(lines[2]).toBe(`${FILE}:6:5 models[0].acuracy: Unknown key 'acuracy'`);
    expect(lines[3]).toBe(`${FILE}:9:15 models[1].accuracy: 'accuracy' expected a probability (0–1), got a number (1.5)`);
    expect(lines[5]).toBe(`${FILE}:13:12 models[3].agent: 'agent' must be one of simulated, openai, agentic-server, got a string ('gpt')`);
    expect(lines[6]).toBe(`${FILE}:14:5 models[4].base_url: Missing required field 'base_url'`);
  });

  it('refuses a bad URL, a key put in the file, and an empty model list', () => {
    const err = issuesOf(`name: x
definitions: d.yaml
models:
  - label: a
    agent: openai
    base_url: localhost:8000
    model: m
    api_key: sk-secret
`);
    expect(err.issues.map((i) => `${i.line} ${i.path} ${i.code}`)).toEqual(['6 models[0].base_url EXP_BAD_VALUE', '8 models[0].api_key EXP_UNKNOWN_KEY']);
    expect(issuesOf('name: x\ndefinitions: d.yaml\nmodels: []\n').message).toBe(`${FILE}:3:9 models: 'models' needs at least one model, got a list`);
  });

  it('reports YAML syntax errors and a missing file', () => {
    const err = issuesOf('name: x\nmodels:\n  - label: [a\n');
    expect(err.issues[0]).toMatchObject({ code: ExpCode.YAML_SYNTAX, file: FILE });
    expect(err.issues[0].line).toBeGreaterThan(1);
    const missing = join(mkdtempSync(join(tmpdir(), 'picard-exp-')), 'nope.yaml');
    expect(() => loadExperimentFile(missing)).toThrow(`${missing}: Experiment file not found: ${missing}`);
    const top = join(mkdtempSync(join(tmpdir(), 'picard-exp-')), 'list.yaml');
    writeFileSync(top, '- a\n- b\n');
    expect(() => loadExperimentFile(top)).toThrow(/is a mapping/);
  });
});
