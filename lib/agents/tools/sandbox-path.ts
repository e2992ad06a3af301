/** The sandbox confinement rule (lib/sandbox/confine.ts) for tools: its refusals become `ToolError`s the model sees. */
import * as confine from '../../sandbox/confine';
import { ToolError } from './types';

export { isWithin, realRoot } from '../../sandbox/confine';

function asToolErrors<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return f(...args);
    } catch (err) {
      if (err instanceof confine.ConfinementError) throw new ToolError(err.message, err.kind);
      throw err;
    }
  };
}

/** See `confine.resolveInSandbox`; refusals are `ToolError`s (kind `denied` for escapes). */
export const resolveInSandbox = asToolErrors(confine.resolveInSandbox);
/** See `confine.resolveEntryInSandbox`; refusals are `ToolError`s (kind `denied` for escapes). */
export const resolveEntryInSandbox = asToolErrors(confine.resolveEntryInSandbox);
