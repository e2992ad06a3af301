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
  /** A copy of the definitions the run was made from (byte for byte), so the folder resumes or audits anywhere. */
  definitions: 'definitions.yaml',
} as const;
