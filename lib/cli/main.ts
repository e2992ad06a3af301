/**
 * `picard` command line. Each command lives in `commands/<name>.ts` and exports `register(program)`.
 */
import { Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { commands } from './commands';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('picard')
    .description('PICARD Live: randomized agentic benchmarks with progressive, resumable runs')
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of commands) register(program);
  await program.parseAsync(argv);
}

const isEntry = Boolean(process.argv[1]) && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  main(process.argv).catch((err: unknown) => {
    const e = err as Error & { code?: string };
    process.stderr.write(`picard: ${e.message ?? String(err)}\n`);
    process.exit(typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : 1);
  });
}
