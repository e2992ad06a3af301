/**
 * `npm run bench [-- [--scale F] [--repeat N] [case …]]`: compiles the CLI first (the `cmd-*` cases run the compiled
 * `picard`), then runs each case in a fresh child process so its peak memory (maxRSS) is its own, and prints, per
 * case, its figures and each headline figure beside its floor or peer measured in the same run, with the ratio
 * (times worse than the floor). Nothing is asserted: targets are in the issues and docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compile } from '../build/compile.mjs';
import { caseNames, type BenchOptions, type CaseResult } from './cases';
import { fmt, formatComparison } from './comparison';

const USAGE = `usage: npm run bench -- [--scale F] [--repeat N] [case …]\ncases: ${caseNames.join(', ')}\n`;

function parseArgs(argv: string[]): { opts: BenchOptions; names: string[] } {
  const opts: BenchOptions = { scale: 1 };
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale' || a === '--repeat') {
      const v = Number(argv[++i]);
      if (!(v > 0) || (a === '--repeat' && !Number.isInteger(v))) throw new Error(`${a} expects a positive ${a === '--repeat' ? 'integer' : 'number'}, got '${argv[i]}'`);
      if (a === '--scale') opts.scale = v;
      else opts.repeat = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (caseNames.includes(a)) names.push(a);
    else throw new Error(`unknown bench case or option '${a}'`);
  }
  return { opts, names: names.length ? names : caseNames };
}

let parsed: ReturnType<typeof parseArgs>;
try {
  parsed = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { opts, names } = parsed;

const built = await compile();
process.stderr.write(`bench: compiled the CLI in ${built.ms} ms\n`);

const here = fileURLToPath(new URL('./run-case.ts', import.meta.url));
/** The case's lines: its figures, then each headline figure beside its floor. */
function report(name: string, result: CaseResult | undefined, error?: string): string[] {
  if (!result) return [`${name}  error: ${error}`];
  const figures = Object.entries(result.figures).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : String(v)}`);
  return [`${name}  ${figures.join('  ')}`, ...result.vs.map((c) => `  ${formatComparison(c)}`)];
}

// Each case's lines are printed as soon as it ends (the full set takes minutes).
for (const name of names) {
  process.stderr.write(`bench: ${name} …\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', here, name, JSON.stringify(opts)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  let lines: string[];
  try {
    lines = report(name, JSON.parse(last) as CaseResult);
  } catch {
    lines = report(name, undefined, (r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | '));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
