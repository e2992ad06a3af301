import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_SPEC_FORMAT } from './run-spec';

/**
 * Coordinators and workers of different builds meet in Redis; a worker refuses a specification of another
 * `RUN_SPEC_FORMAT`. That only protects anyone if the version moves with the declarations it stands for: the
 * specification (`RunSpec`), the results-stream messages (`messages.ts`) and the sandbox archive they carry.
 */
const RECORDED = { format: 'picard-run-spec/2', fingerprint: 'c69bd135939cd4cf' };

/** A declaration's text without comments or layout, so editing a comment does not count as a change. */
const bare = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/\s+/g, ' ').trim();
function declaration(file: string, start: string): string {
  const text = readFileSync(join(__dirname, file), 'utf8');
  const at = text.indexOf(start);
  if (at < 0) throw new Error(`${file} no longer declares '${start}'`);
  let depth = 0;
  for (let i = text.indexOf('{', at); i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return bare(text.slice(at, i + 1));
  }
  throw new Error(`${file}: '${start}' does not close`);
}

describe('the worker protocol version', () => {
  it('changes whenever the specification, the messages or the sandbox archive change shape', () => {
    const shape = [
      declaration('run-spec.ts', 'export interface RunSpec'),
      bare(readFileSync(join(__dirname, 'messages.ts'), 'utf8')),
      declaration('sandbox-archive.ts', 'export interface SandboxArchive'),
      declaration('sandbox-archive.ts', 'interface ArchiveDoc'),
    ].join('\n');
    const fingerprint = createHash('sha256').update(shape).digest('hex').slice(0, 16);
    // On a failure: bump RUN_SPEC_FORMAT in run-spec.ts (and docs/distributed.md), then record both here.
    expect({ format: RUN_SPEC_FORMAT, fingerprint }).toEqual(RECORDED);
  });
});
