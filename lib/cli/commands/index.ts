import type { Command } from 'commander';
import { register as compare } from './compare';
import { register as indexResults } from './index-results';
import { register as precheck } from './precheck';
import { register as report } from './report';
import { register as run } from './run';
import { register as score } from './score';
import { register as show } from './show';
import { register as sweep } from './sweep';
import { register as template } from './template';
import { register as worker } from './worker';

/**
 * Every CLI command's `register`. Adding a command is one file plus one line here. A command file imports at its
 * top only what `register` needs (commander, node built-ins, light helpers); heavy implementation (the runner,
 * generation, templates: faker, openai, zod, SQLite…) is `await import()`ed in the action, so `picard --help` and
 * the light commands start fast (lib/build/compile.test.ts checks what the compiled entry loads).
 */
export const commands: Array<(program: Command) => void> = [run, sweep, precheck, template, score, show, report, compare, indexResults, worker];
