import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listItemFiles } from './item-files';

function sandbox(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
  mkdirSync(path.join(root, 'q1_s1', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'q1_s1', 'data', 'people.csv'), 'name,city\nAna,Rio\n');
  writeFileSync(path.join(root, 'q1_s1', 'answer.txt'), 'agent wrote this');
  return root;
}

describe('listItemFiles', () => {
  it('separates generated files from files the agent left', () => {
    const root = sandbox();
    const files = listItemFiles(root, 'q1_s1', [path.join(root, 'q1_s1', 'data', 'people.csv')]);
    expect(files.find((f) => f.rel === 'q1_s1/data/people.csv')?.generated).toBe(true);
    expect(files.find((f) => f.rel === 'q1_s1/answer.txt')).toMatchObject({ generated: false, size: 16 });
    expect(listItemFiles(root, '../x', [])).toEqual([]);
  });
});
