/**
 * `npm run bench`: each case runs in a fresh child process so its peak memory (maxRSS) is its own.
 * Prints one table of figures; nothing here is asserted — targets are in the issues and the closing notes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { caseNames } from './cases';

const here = fileURLToPath(new URL('./run-case.ts', import.meta.url));
const only = process.argv.slice(2);
const names = only.length ? only : caseNames;

const rows: Array<Record<string, unknown>> = [];
for (const name of names) {
  process.stderr.write(`bench: ${name} …\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', here, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    rows.push({ case: name, ...JSON.parse(last) });
  } catch {
    rows.push({ case: name, error: (r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ') });
  }
}
for (const row of rows) {
  const { case: name, ...rest } = row;
  const figures = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(3)) : String(v)}`);
  process.stdout.write(`${String(name).padEnd(28)} ${figures.join('  ')}\n`);
}
