import { cases } from './cases';

const name = process.argv[2];
const fn = cases[name as keyof typeof cases];
if (!fn) {
  process.stderr.write(`unknown bench case ${name}\n`);
  process.exit(2);
}
const figures = await fn();
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...figures, peakRssMB: Math.round(peakRssMB) })}\n`);
process.exit(0);
