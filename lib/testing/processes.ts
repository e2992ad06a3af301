import { spawn, type ChildProcess } from 'node:child_process';

/** A child process started by a test, its output gathered as it comes. */
export interface TestProcess {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** stdout and stderr together, in arrival order. */
  all: () => string;
  exit: Promise<number | null>;
}

/**
 * Starts `node <args>` (e.g. `cliArgs([...])` from ./entries) with piped output, and adds it to `children` so the
 * test's cleanup can kill what is left.
 */
export function startProcess(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; children: ChildProcess[] }): TestProcess {
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.children.push(child);
  let out = '';
  let err = '';
  let all = '';
  child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), (all += d.toString())));
  child.stderr!.on('data', (d: Buffer) => ((err += d.toString()), (all += d.toString())));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, all: () => all, exit };
}
