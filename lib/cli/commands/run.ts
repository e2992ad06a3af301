import type { Command } from 'commander';
import { Option } from 'commander';
import { dirname, resolve } from 'node:path';
import { openResultsIndex, type ResultsIndex } from '../../index/open';
import { resumeRun } from '../../runner/resume-run';
import { startRun } from '../../runner/start-run';
import type { AgentConfig, RunHandle, RunOptions } from '../../runner/types';
import { connectQueueExecutor } from '../../distributed/queue-executor';
import { redactRedisUrl } from '../../distributed/redis';
import { createProgressPrinter } from '../progress';
import { defaultResultsDir, intArg, numArg } from '../args';

interface RunFlags {
  definitions?: string;
  label?: string;
  agent: 'simulated' | 'openai' | 'agentic-server';
  seed?: number;
  samples?: number;
  resultsDir?: string;
  thinkMs?: string;
  accuracy?: number;
  errorRate?: number;
  maxLlmRounds?: number;
  retries?: number;
  delay?: number;
  apiEndpoint?: string;
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  temperature?: number;
  maxTokens?: number;
  requestTimeout?: number;
  concurrency?: number;
  maxErrors?: number;
  failFast?: boolean;
  allowExec?: boolean;
  resume?: string;
  retryErrors?: boolean;
  entityPool?: string;
  quiet?: boolean;
  index?: boolean;
  redis?: string;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('Generate instances from a definitions file, run them on an agent, write and score every result as it completes')
    .option('-d, --definitions <file>', 'YAML test definitions')
    .option('-l, --label <label>', 'result folder label (sanitised like the reference)')
    .addOption(new Option('--agent <kind>', 'agent').choices(['simulated', 'openai', 'agentic-server']).default('simulated'))
    .option('--seed <n>', 'random seed (a fresh one is drawn and recorded when omitted)', intArg)
    .option('--samples <n>', 'override every test\'s samples', intArg)
    .option('--results-dir <dir>', 'parent folder for result folders (default $PICARD_RESULTS_DIR or ./results)')
    .option('--think-ms <ms|min-max>', 'simulated agent think time per item (default 200-1000)')
    .option('--accuracy <p>', 'simulated agent probability of a right answer (default 0.8)', numArg)
    .option('--error-rate <p>', 'simulated agent probability that an attempt fails with a retryable error (default 0)', numArg)
    .option('--max-llm-rounds <n>', 'cap on model rounds per item (default 20)', intArg)
    .option('-r, --retries <n>', 'retries after the first attempt (default 5)', intArg)
    .option('--delay <seconds>', 'base retry delay, doubled per attempt with jitter (default 1)', numArg)
    .option('--api-endpoint <url>', 'agentic-server endpoint (default http://localhost:5002/api/chat)')
    .option('--base-url <url>', 'OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1')
    .option('--model <name>', 'model name for --agent openai')
    .option('--api-key-env <name>', 'environment variable holding the API key (default OPENAI_API_KEY)')
    .option('--temperature <t>', 'sampling temperature', numArg)
    .option('--max-tokens <n>', 'max output tokens per round', intArg)
    .option('--request-timeout <seconds>', 'per-request timeout', numArg)
    .option('--concurrency <n>', 'items in flight (lowered automatically on 429s)', intArg)
    .option('--max-errors <n>', 'stop the run after this many errored items', intArg)
    .option('--fail-fast', 'stop at the first errored item (the reference\'s behaviour)')
    .option('--allow-exec', 'offer the code-execution tool to the model (off by default)')
    .option('--resume <run-dir>', 'continue an interrupted or cancelled run')
    .option('--retry-errors', 'with --resume: re-run only the errored items')
    .option('--entity-pool <file>', 'entity pool word file (default: the bundled pool)')
    .option('-q, --quiet', 'print only the result folder')
    .option('--no-index', 'do not update the results index (<results-dir>/.picard/index.sqlite) as items land')
    .option('--redis <url>', 'distributed: hand the items to `picard worker` processes through Redis (default $PICARD_REDIS_URL); this process coordinates and writes the files')
    .action(async (flags: RunFlags) => {
      const resultsDir = flags.resume ? dirname(resolve(flags.resume)) : resolve(flags.resultsDir ?? defaultResultsDir());
      const redisUrl = redisUrlFrom(flags.redis);
      // Before anything is written: an unreachable Redis is an error within seconds.
      const executor = redisUrl ? await connectQueueExecutor({ url: redisUrl }) : undefined;
      const index = flags.index === false ? undefined : openIndexOrWarn(resultsDir);
      try {
        const handle = flags.resume
          ? await resumeRun(resolve(flags.resume), { retryErrors: flags.retryErrors, concurrency: flags.concurrency, index, executor })
          : await startRun({ ...toRunOptions(flags), index, executor });
        await followRun(handle, flags.quiet, redisUrl ? ` --redis ${redactRedisUrl(redisUrl)}` : '');
      } finally {
        index?.close();
        await executor?.close();
      }
    });
}

export function toRunOptions(f: RunFlags): RunOptions {
  if (!f.definitions) throw new Error('--definitions <file.yaml> is required (or --resume <run-dir>)');
  return {
    definitionsFile: f.definitions,
    label: f.label,
    resultsDir: f.resultsDir ?? defaultResultsDir(),
    seed: f.seed,
    samples: f.samples,
    agent: toAgentConfig(f),
    concurrency: f.concurrency,
    retries: f.retries,
    delayS: f.delay,
    maxErrors: f.maxErrors,
    failFast: f.failFast,
    entityPoolFile: f.entityPool,
  };
}

/** `--redis <url>`, else `$PICARD_REDIS_URL`, else none (an in-process run). */
export function redisUrlFrom(flag: string | undefined): string | undefined {
  const url = flag ?? process.env.PICARD_REDIS_URL;
  return url && url.trim() !== '' ? url.trim() : undefined;
}

/** The results index, or (with a warning) none: the run's files do not depend on it. */
function openIndexOrWarn(resultsDir: string): ResultsIndex | undefined {
  try {
    return openResultsIndex(resultsDir);
  } catch (err) {
    process.stderr.write(`picard: warning: ${(err as Error).message}; running without updating it\n`);
    return undefined;
  }
}

function toAgentConfig(f: RunFlags): AgentConfig {
  switch (f.agent) {
    case 'openai':
      if (!f.baseUrl || !f.model) throw new Error('--agent openai needs --base-url and --model');
      return { kind: 'openai', baseUrl: f.baseUrl, model: f.model, apiKeyEnv: f.apiKeyEnv, temperature: f.temperature, maxTokens: f.maxTokens, maxRounds: f.maxLlmRounds, requestTimeoutS: f.requestTimeout, allowExec: f.allowExec };
    case 'agentic-server':
      return { kind: 'agentic-server', endpoint: f.apiEndpoint ?? 'http://localhost:5002/api/chat', maxRounds: f.maxLlmRounds, requestTimeoutS: f.requestTimeout };
    default:
      return { kind: 'simulated', thinkMs: parseThink(f.thinkMs), accuracy: f.accuracy, errorRate: f.errorRate };
  }
}

function parseThink(v: string | undefined): number | [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m) throw new Error(`--think-ms expects N or MIN-MAX (milliseconds), got '${v}'`);
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
}

/** Prints progress, turns Ctrl-C into a clean interrupt, prints the folder last and sets the exit code. */
export async function followRun(handle: RunHandle, quiet = false, resumeFlags = ''): Promise<void> {
  handle.bus.subscribe(createProgressPrinter(process.stderr, { quiet }));
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nInterrupting: abandoning in-flight items (Ctrl-C again to quit at once)…\n');
    handle.interrupt('Interrupted by user (SIGINT)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const result = await handle.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (result.status === 'failed') {
    // Loud even with --quiet: the reason says what to fix (a refused key, an unknown model, the error budget).
    if (quiet && result.error) process.stderr.write(`Run failed: ${result.error}\n`);
    process.stderr.write(`Continue it after the fix: picard run --resume ${result.dir}${resumeFlags}\n`);
  }
  process.stdout.write(`${result.dir}\n`);
  process.exitCode = result.status === 'completed' ? 0 : result.status === 'interrupted' || result.status === 'cancelled' ? 130 : 1;
}
