/**
 * `picard template "<text>" [--base-dir DIR] [--component NAME=PATH …]`: evaluates every template
 * function in the text against real files and prints the result. Useful to check an answer key by hand.
 */
import path from 'node:path';
import type { Command } from 'commander';

/** Inputs of the `template` command. */
export interface TemplateCommandOptions {
  text: string;
  /** Sandbox root for relative paths (default: `cwd`). */
  baseDir?: string;
  /**
   * `NAME=PATH` pairs for `TARGET_FILE[NAME]`; a relative PATH resolves against the base directory, as the
   * runner resolves a component's target file against the sandbox root.
   */
  components?: string[];
  cwd?: string;
}

/** Outcome of the `template` command, for the CLI wrapper and for tests. */
export interface TemplateCommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function parseComponents(pairs: string[], baseDir: string): Array<{ name: string; targetFile: string }> {
  return pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new Error(`--component expects NAME=PATH, got '${pair}'`);
    return { name: pair.slice(0, eq), targetFile: path.resolve(baseDir, pair.slice(eq + 1)) };
  });
}

/** Evaluates the text; failures become a message on stderr and exit code 1. */
export async function runTemplateCommand(opts: TemplateCommandOptions): Promise<TemplateCommandResult> {
  const cwd = opts.cwd ?? process.cwd();
  // Loaded here, not at the top: the other commands start without the template functions (see commands/index.ts).
  const { evaluateTemplatesDetailed } = await import('../../templates/evaluate');
  try {
    const baseDir = path.resolve(cwd, opts.baseDir ?? '.');
    const components = parseComponents(opts.components ?? [], baseDir);
    const res = evaluateTemplatesDetailed(opts.text, { baseDir, components });
    const warnings = res.unknown.map((p) => `picard template: warning: left as is (not a template function): ${p}\n`);
    return { stdout: `${res.text}\n`, stderr: warnings.join(''), exitCode: 0 };
  } catch (e) {
    return { stdout: '', stderr: `picard template: ${(e as Error).message}\n`, exitCode: 1 };
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Registers `picard template`. */
export function register(program: Command): void {
  program
    .command('template')
    .description('Evaluate the template functions ({{csv_count:ID:TARGET_FILE[csv1]}}, …) in TEXT against files')
    .argument('<text>', 'text containing {{function:args}} calls')
    .option('--base-dir <dir>', 'directory for relative paths (the sandbox root)', '.')
    .option('--component <name=path>', 'a component for TARGET_FILE[name], PATH relative to --base-dir (repeatable)', collect, [] as string[])
    .action(async (text: string, o: { baseDir: string; component: string[] }) => {
      const res = await runTemplateCommand({ text, baseDir: o.baseDir, components: o.component });
      process.stdout.write(res.stdout);
      process.stderr.write(res.stderr);
      if (res.exitCode !== 0) process.exitCode = res.exitCode;
    });
}
