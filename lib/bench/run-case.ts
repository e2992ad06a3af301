/** One benchmark case in its own process: `run-case.ts <case> <options JSON>`; prints one JSON line (CaseResult + peakRssMB). */
import { cases, type BenchOptions } from './cases';

const name = process.argv[2];
const fn = cases[name as keyof typeof cases];
if (!fn) {
  process.stderr.write(`unknown bench case ${name}\n`);
  process.exit(2);
}
const opts = JSON.parse(process.argv[3] ?? '{"scale":1}') as BenchOptions;
const result = await fn(opts);
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...result, figures: { ...result.figures, processPeakRssMB: Math.round(peakRssMB) } })}\n`);
process.exit(0);
