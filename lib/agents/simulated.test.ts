import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { scoreItem } from '../scoring/registry';
import { scoringTypes } from '../definitions/scoring-types';
import { fixedClock } from '../util/clock';
import { createSimulatedAgent } from './simulated';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
function sandbox(): string {
  const r = mkdtempSync(path.join(os.tmpdir(), 'picard-sim-'));
  roots.push(r);
  return r;
}

const base = { question_id: 3, sample_number: 2, template: 't', substituted_question: 'Do it' };
const entries: Record<string, Partial<PrecheckEntry> & { scoring_type: string }> = {
  stringmatch: { scoring_type: 'stringmatch', expected_response: 'Paris' },
  jsonmatch: { scoring_type: 'jsonmatch', expected_response: '{"total": 75, "tags": ["a"]}' },
  files_exist: { scoring_type: 'files_exist', files_to_check: ['out/a.txt', 'out/b.txt', 'logs/'] },
  directory_structure: { scoring_type: 'directory_structure', expected_paths: ['proj/', 'proj/src/', 'proj/src/main.py'] },
  readfile_stringmatch: { scoring_type: 'readfile_stringmatch', file_to_read: 'res/answer.txt', expected_content: '42' },
  readfile_jsonmatch: { scoring_type: 'readfile_jsonmatch', file_to_read: 'res/out.json', expected_content: '{"n": 7}' },
};

async function simulate(type: string, accuracy: number) {
  const dir = sandbox();
  const entry: PrecheckEntry = { ...base, ...entries[type] };
  const agent = createSimulatedAgent({ seed: 11, thinkMs: 0, accuracy });
  const out = await agent.run({ entry, question: entry.substituted_question, sandboxDir: dir, attempt: 1, signal: new AbortController().signal });
  if (!out.ok) throw new Error(out.error.message);
  const calls = out.conversation.flatMap((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls : []));
  const steps = calls.map((c) => `${c.function.name} ${c.function.arguments.split(dir).join('<SB>')}`);
  const verdict = scoreItem(entry, { question_id: 3, sample_number: 2, timestamp: 't', response_text: out.responseText, execution_successful: true, error_message: null, model_info: 'simulated' }, { artifactsDir: dir }, fixedClock('2026-01-01T00:00:00'));
  return { answer: out.responseText, steps, correct: verdict.correct };
}

describe('simulated agent', () => {
  it('has an instance for every scoring type (a new scorer adds one here)', () => {
    expect(Object.keys(entries).sort()).toEqual([...scoringTypes].sort());
  });

  it.each(Object.keys(entries))('answers %s right at accuracy 1 and wrong at accuracy 0, as the scorer sees it', async (type) => {
    expect((await simulate(type, 1)).correct).toBe(true);
    expect((await simulate(type, 0)).correct).toBe(false);
  });

  it('acts on the sandbox through the tools as before (steps and answers pinned)', async () => {
    const got: Record<string, unknown> = {};
    for (const type of Object.keys(entries)) got[type] = { right: await simulate(type, 1), wrong: await simulate(type, 0) };
    expect(got).toMatchInlineSnapshot(`
      {
        "directory_structure": {
          "right": {
            "answer": "The directory structure is in place.",
            "correct": true,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"proj/src"}",
              "create_directory {"path":"proj/"}",
              "create_directory {"path":"proj/src/"}",
              "write_file {"path":"proj/src/main.py","content":""}",
            ],
          },
          "wrong": {
            "answer": "The directory structure is in place.",
            "correct": false,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"proj/"}",
              "create_directory {"path":"proj/src/"}",
            ],
          },
        },
        "files_exist": {
          "right": {
            "answer": "Created 3 file(s).",
            "correct": true,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"out"}",
              "write_file {"path":"out/a.txt","content":""}",
              "write_file {"path":"out/b.txt","content":""}",
              "create_directory {"path":"logs/"}",
            ],
          },
          "wrong": {
            "answer": "Created 2 file(s).",
            "correct": false,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"out"}",
              "write_file {"path":"out/a.txt","content":""}",
              "write_file {"path":"out/b.txt","content":""}",
            ],
          },
        },
        "jsonmatch": {
          "right": {
            "answer": "{"total": 75, "tags": ["a"]}",
            "correct": true,
            "steps": [
              "list_directory {"path":"<SB>"}",
            ],
          },
          "wrong": {
            "answer": "{"total":78,"tags":["a"]}",
            "correct": false,
            "steps": [
              "list_directory {"path":"<SB>"}",
            ],
          },
        },
        "readfile_jsonmatch": {
          "right": {
            "answer": "Done: wrote res/out.json.",
            "correct": true,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"res"}",
              "write_file {"path":"res/out.json","content":"{\\"n\\": 7}"}",
            ],
          },
          "wrong": {
            "answer": "Done: wrote res/out.json.",
            "correct": false,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"res"}",
              "write_file {"path":"res/out.json","content":"{\\"n\\":10}"}",
            ],
          },
        },
        "readfile_stringmatch": {
          "right": {
            "answer": "Done: wrote res/answer.txt.",
            "correct": true,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"res"}",
              "write_file {"path":"res/answer.txt","content":"42"}",
            ],
          },
          "wrong": {
            "answer": "Done: wrote res/answer.txt.",
            "correct": false,
            "steps": [
              "list_directory {"path":"<SB>"}",
              "create_directory {"path":"res"}",
              "write_file {"path":"res/answer.txt","content":"39"}",
            ],
          },
        },
        "stringmatch": {
          "right": {
            "answer": "Paris",
            "correct": true,
            "steps": [
              "list_directory {"path":"<SB>"}",
            ],
          },
          "wrong": {
            "answer": "Paris maybe",
            "correct": false,
            "steps": [
              "list_directory {"path":"<SB>"}",
            ],
          },
        },
      }
    `);
  });

  it('answers an unknown scoring type with its expected_response and no file actions', async () => {
    const dir = sandbox();
    const entry: PrecheckEntry = { ...base, scoring_type: 'nope', expected_response: 'x' };
    const out = await createSimulatedAgent({ seed: 1, thinkMs: 0, accuracy: 1 }).run({ entry, question: 'q', sandboxDir: dir, attempt: 1, signal: new AbortController().signal });
    expect(out.ok && out.responseText).toBe('x');
    expect(out.conversation.filter((m) => m.role === 'assistant').length).toBe(2);
  });
});
