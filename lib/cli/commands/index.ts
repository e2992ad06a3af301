import type { Command } from 'commander';
import { register as compare } from './compare';
import { register as indexResults } from './index-results';
import { register as precheck } from './precheck';
import { register as report } from './report';
import { register as run } from './run';
import { register as score } from './score';
import { register as show } from './show';
import { register as template } from './template';
import { register as worker } from './worker';

/** Every CLI command's `register`. Adding a command is one file plus one line here. */
export const commands: Array<(program: Command) => void> = [run, precheck, template, score, show, report, compare, indexResults, worker];
