import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ItemSummary } from '../events/types';
import type { Clock } from '../util/clock';
import { pyIsoLocal } from '../util/clock';

export interface SandboxStatus {
  exists: boolean;
  path: string;
  files: string[];
  directories: string[];
  total_items: number;
}

/** The reference's `get_sandbox_status()`: every file and folder under the sandbox, relative, sorted. */
export function sandboxStatus(root: string): SandboxStatus {
  if (!existsSync(root)) return { exists: false, path: root, files: [], directories: [], total_items: 0 };
  const files: string[] = [];
  const directories: string[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, d.name);
      if (d.isDirectory()) {
        directories.push(relative(root, full));
        walk(full);
      } else files.push(relative(root, full));
    }
  };
  walk(root);
  files.sort();
  directories.sort();
  return { exists: true, path: root, files, directories, total_items: files.length + directories.length };
}

/** `test_summary.json` exactly as the reference writes it (spec §7.4). */
export function buildTestSummary(
  run: { testId: string; dir: string; sandboxRoot: string; items: ItemSummary[]; entityPoolSize: number },
  clock: Clock,
): Record<string, unknown> {
  const byType: Record<string, { questions: number; samples: number }> = {};
  const questions = new Set<string>();
  for (const it of run.items) {
    const b = (byType[it.scoring_type] ??= { questions: 0, samples: 0 });
    const q = String(it.question_id);
    if (!questions.has(q)) {
      questions.add(q);
      b.questions += 1;
    }
    b.samples += 1;
  }
  return {
    test_id: run.testId,
    timestamp: pyIsoLocal(clock.now()),
    test_directory: run.dir,
    sandbox_status: sandboxStatus(run.sandboxRoot),
    statistics: {
      total_questions: questions.size,
      total_samples: run.items.length,
      entity_pool_size: run.entityPoolSize,
      by_scoring_type: byType,
    },
    files_generated: { precheck: 'precheck.jsonl', responses: 'responses.jsonl' },
  };
}
