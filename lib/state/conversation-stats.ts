import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runFiles } from '../results/run-files';
import type { ConversationStatistics } from '../results/types';
import type { RunState } from './types';

/** Files read at once: enough to keep libuv's thread pool busy without opening thousands of descriptors. */
const PARALLEL = 32;

/**
 * `statistics` of every `conversations/q*_s*.json` in a result folder, keyed by item key, read in parallel
 * off the main thread (20,000 files take a fraction of the synchronous read). Unreadable files are skipped:
 * a conversation being replaced right now just has no statistics yet.
 */
export async function readConversationStats(dir: string): Promise<Map<string, ConversationStatistics>> {
  const convDir = path.join(dir, runFiles.conversations);
  let names: string[];
  try {
    names = (await readdir(convDir)).filter((n) => n.endsWith('.json'));
  } catch {
    return new Map();
  }
  const out = new Map<string, ConversationStatistics>();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      try {
        const stats = (JSON.parse(await readFile(path.join(convDir, name), 'utf8')) as { statistics?: ConversationStatistics }).statistics;
        if (stats) out.set(name.slice(0, -'.json'.length), stats);
      } catch {
        // torn or being replaced: leave it out
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return out;
}

/**
 * A copy of a folder-built state (loaded with `conversations: false`) with each answered item's rounds, tool
 * calls, tokens and duration filled in from `stats`, and the run totals summed again. O(items), no file reads.
 */
export function withConversationStats(state: RunState, stats: ReadonlyMap<string, ConversationStatistics>): RunState {
  const items: RunState['items'] = { ...state.items };
  let rounds = 0;
  let toolCalls = 0;
  let tokens = 0;
  for (const key of state.order) {
    const it = items[key];
    const s = stats.get(key);
    if (!it || !s || !it.responded) {
      rounds += it?.rounds ?? 0;
      toolCalls += it?.toolCalls ?? 0;
      tokens += it?.tokens ?? 0;
      continue;
    }
    const next = {
      ...it, rounds: s.inference_rounds ?? 0, toolCalls: s.tool_calls ?? 0,
      tokens: s.total_tokens ?? s.total_tokens_estimated ?? 0, durationMs: Math.round((s.execution_time_seconds ?? 0) * 1000),
    };
    items[key] = next;
    rounds += next.rounds;
    toolCalls += next.toolCalls;
    tokens += next.tokens;
  }
  return { ...state, items, rounds, toolCalls, tokens };
}
