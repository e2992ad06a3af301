import type { Command } from 'commander';
import { register as precheck } from './precheck';
import { register as run } from './run';

/** Every CLI command's `register`. Adding a command is one file plus one line here. */
export const commands: Array<(program: Command) => void> = [run, precheck];
