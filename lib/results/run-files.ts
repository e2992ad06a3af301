import { join } from 'node:path';

/** File names inside a result folder. The first five are the reference's; the rest are PICARD Live's. */
export const runFiles = {
  precheck: 'precheck.jsonl',
  responses: 'responses.jsonl',
  conversations: 'conversations',
  summary: 'test_summary.json',
  scores: 'scores.json',
  manifest: 'run.json',
  scoresProgress: 'scores.progress.jsonl',
  sandbox: 'sandbox',
  /** Writer lock (lib/results/run-lock.ts): held by the process writing the folder. */
  lock: 'run.lock',
} as const;

/** File names inside an experiment folder (`picard sweep`), whose sub-folders are the configurations' runs. */
export const experimentFiles = {
  manifest: 'experiment.json',
  leaderboard: 'leaderboard.csv',
  pairwise: 'pairwise.csv',
} as const;

/** An item's conversation file: `conversations/q{X}_s{Y}.json` (the one rule; `key` from `itemKey`). */
export function conversationFile(dir: string, key: string): string {
  return join(dir, runFiles.conversations, `${key}.json`);
}
