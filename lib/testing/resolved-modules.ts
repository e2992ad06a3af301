import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliArgs, REPO_ROOT } from './entries';

/** A finished run of the compiled CLI, with every module URL it resolved, in resolve order. */
export interface ResolvedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  urls: string[];
}

/**
 * Runs the compiled CLI with `args` under a preload that records every module it resolves (module.register's
 * resolve hook): what a command loads, bundled chunks and packages alike. Tests of what a start pays for use it.
 */
export function picardResolving(args: string[], cwd = REPO_ROOT): ResolvedRun {
  const dir = mkdtempSync(join(tmpdir(), 'picard-resolved-'));
  try {
    const log = join(dir, 'resolved.txt');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`);
    const preload = join(dir, 'preload.mjs');
    writeFileSync(preload, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, ...cliArgs(args)], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, urls: readFileSync(log, 'utf8').trim().split('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The packages (`node_modules/<name>/`) among resolved module URLs, each once, sorted. */
export function packagesOf(urls: readonly string[]): string[] {
  const names = urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort();
}
