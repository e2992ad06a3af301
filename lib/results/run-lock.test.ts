import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock, isRunLockHeld, RunLockedError } from './run-lock';
import { isUnreapedZombie } from './testing/zombie';
import { waitUntil } from '../testing/wait-until';

const lockModule = resolve(__dirname, 'run-lock.ts');
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const tmp = () => mkdtempSync(join(tmpdir(), 'picard-lock-'));

/** Runs a TypeScript snippet in a fresh Node process (through tsx) with `lock` = this module. */
function script(dir: string, body: string): string {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(file, `import * as lock from ${JSON.stringify(lockModule)};\nconst dir = process.argv[2];\n${body}\n`);
  return file;
}

const until = (cond: () => boolean, what: string, ms = 20_000) => waitUntil(cond, what, ms, 10);

describe('run lock', () => {
  it('is exclusive within one process, seen by others, and free again after release', () => {
    const dir = tmp();
    expect(isRunLockHeld(dir)).toBe(false);
    expect(existsSync(join(dir, 'run.lock'))).toBe(false); // looking does not create it
    const lock = acquireRunLock(dir);
    expect(isRunLockHeld(dir)).toBe(true);
    expect(() => acquireRunLock(dir)).toThrow(RunLockedError);
    expect(() => acquireRunLock(dir)).toThrow(/already running/);
    // Checking from this process (open + close of the file) must not drop the lock.
    expect(isRunLockHeld(dir)).toBe(true);
    const other = spawnSync(process.execPath, ['--import', 'tsx', script(dir, 'console.log(lock.isRunLockHeld(dir)); try { lock.acquireRunLock(dir); console.log("acquired"); } catch (e) { console.log(e.message); }'), dir], { encoding: 'utf8' });
    expect(other.stderr).toBe('');
    expect(other.stdout).toMatch(/^true\n.*already running/);
    lock.release();
    lock.release();
    expect(isRunLockHeld(dir)).toBe(false);
    acquireRunLock(dir).release();
    expect(readdirSync(dir).filter((f) => f.startsWith('run.lock'))).toEqual(['run.lock']); // no journal left
  });

  it.skipIf(process.platform !== 'linux')('is free as soon as its holder dies, while the holder is still an unreaped zombie', async () => {
    const dir = tmp();
    const holder = script(dir, [
      'lock.acquireRunLock(dir);',
      'const { writeFileSync, existsSync } = await import("node:fs");',
      'writeFileSync(dir + "/holder.pid", String(process.pid));',
      'setInterval(() => { if (existsSync(dir + "/go")) process.exit(0); }, 5);',
    ].join('\n'));
    // `exec sleep` replaces the shell, so the holder's parent is `sleep`, which never reaps it: it stays a zombie.
    const parent = spawn('sh', ['-c', '"$@" & exec sleep 60', 'sh', process.execPath, '--import', 'tsx', holder, dir], { stdio: 'ignore' });
    started.push(parent.pid!);
    await until(() => existsSync(join(dir, 'holder.pid')), 'the holder to take the lock');
    const pid = Number(readFileSync(join(dir, 'holder.pid'), 'utf8'));
    expect(isRunLockHeld(dir)).toBe(true);
    expect(() => acquireRunLock(dir)).toThrow(RunLockedError);
    writeFileSync(join(dir, 'go'), '');
    await until(() => isUnreapedZombie(pid), 'the holder to become a zombie');
    expect(() => process.kill(pid, 0)).not.toThrow(); // a bare pid probe would still call it alive
    expect(isRunLockHeld(dir)).toBe(false);
    acquireRunLock(dir).release();
  }, 30_000);

  it('refuses a damaged lock file with an error naming it, and reads it as not held', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'run.lock'), 'not a database, just some text that is long enough to have a header');
    expect(isRunLockHeld(dir)).toBe(false);
    expect(() => acquireRunLock(dir)).toThrow(new RegExp(`${join(dir, 'run.lock')}: cannot take the writer lock .*delete the file`));
  });
});
