/** The sandbox confinement rule (lib/sandbox/confine.ts) for tools: its refusals become `ToolError`s the model sees. */
import * as confine from '../../sandbox/confine';
import { ToolError, type ToolContext } from './types';

export { isWithin, realRoot } from '../../sandbox/confine';
export type { LeafStat } from '../../sandbox/confine';

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
/** See `confine.newEntryInSandbox`; refusals are `ToolError`s. */
export const newEntryInSandbox = asToolErrors(confine.newEntryInSandbox);

/**
 * The context of an item's tool calls in `root`: the root's realpath is resolved here, once (when the root exists),
 * instead of on every call; each call still checks every component below the root. `realParent`: the realpath of
 * `root`'s parent folder when known (the run's sandbox folder, resolved once per run): then one lstat of `root`.
 * `realRoot`: `root`'s realpath when the caller knows it without looking (the runner has just created the folder
 * for this attempt, `AgentRequest.sandboxRealDir`): then no lstat at all.
 */
export function toolContext(root: string, signal: AbortSignal, realParent?: string, realRoot?: string): ToolContext {
  if (realRoot !== undefined) return { root, realRoot, signal };
  const real = realParent === undefined ? confine.existingRealRoot(root) : confine.existingRealRootIn(realParent, root);
  return real === null ? { root, signal } : { root, realRoot: real, signal };
}

/** The sandbox root of `ctx` as the OS sees it (see `realRoot`), without resolving it again when known. */
export function contextRealRoot(ctx: ToolContext): string {
  return ctx.realRoot ?? confine.realRoot(ctx.root);
}
