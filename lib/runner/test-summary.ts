import { closeSync, existsSync, openSync, readdirSync, renameSync, rmSync, writeSync, type Dirent } from 'node:fs';
import { copyInto } from '../util/copy-into';
import { join } from 'node:path';
import type { ItemSummary } from '../events/types';
import type { Clock } from '../util/clock';
import { pyIsoLocal } from '../util/clock';
import { jsonString, pyJsonDumps } from '../py';
import { runFiles } from '../results/run-files';

/** Placeholders for the two long lists, replaced by streamed output (they cannot occur in real paths). */
const FILES = '\u0000files\u0000';
const DIRS = '\u0000directories\u0000';

/**
 * Visits every entry under `root` depth-first in name order (deterministic; the reference lists `rglob` order),
 * calling `visit` with the path relative to `root`. Returns nothing; memory stays flat however big the sandbox.
 */
function walkSandbox(root: string, visit: (rel: string, isDir: boolean) => void): void {
  const walk = (dir: string, prefix: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.length > 1) entries.sort(byName);
    for (const d of entries) {
      const rel = prefix ? `${prefix}/${d.name}` : d.name;
      const isDir = d.isDirectory();
      visit(rel, isDir);
      // Names are single components: joined as they are, without `path.join`'s normalising pass per folder.
      if (isDir) walk(`${dir}/${d.name}`, rel);
    }
  };
  if (existsSync(root)) walk(join(root), '');
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Buffered writes to a file descriptor. */
class Out {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
}

/**
 * Writes `test_summary.json` exactly as the reference does (spec §7.4, `json.dump(indent=2)`), streaming the
 * sandbox listing so a 100,000-item run does not build it in memory: one walk of the sandbox writes the files
 * list into the file and the directories list into a spool beside it (the directories come second), then the
 * spool is copied in and the count (after both lists) written. Written to a temp name, then renamed.
 */
export function writeTestSummary(
  file: string,
  run: { testId: string; dir: string; sandboxRoot: string; items: ItemSummary[]; entityPoolSize: number },
  clock: Clock,
): void {
  const exists = existsSync(run.sandboxRoot);
  const now = clock.now();
  const headText = (total: number) =>
    pyJsonDumps(
      {
        test_id: run.testId,
        timestamp: pyIsoLocal(now),
        test_directory: run.dir,
        sandbox_status: { exists, path: run.sandboxRoot, files: FILES, directories: DIRS, total_items: total },
        statistics: summaryStatistics(run.items, run.entityPoolSize),
        files_generated: { precheck: runFiles.precheck, responses: runFiles.responses },
      },
      { indent: 2 },
    );
  const [before, rest] = headText(0).split(pyJsonDumps(FILES));
  const middle = rest.split(pyJsonDumps(DIRS))[0];
  const tmp = `${file}.tmp-${process.pid}`;
  const spool = `${tmp}.dirs`;
  const fd = openSync(tmp, 'w');
  const spoolFd = openSync(spool, 'w');
  try {
    const out = new Out(fd);
    const dirsOut = new Out(spoolFd);
    let files = 0;
    let dirs = 0;
    out.write(before);
    walkSandbox(run.sandboxRoot, (rel, isDir) => {
      const entry = jsonString(rel);
      if (isDir) dirsOut.write(`${dirs++ === 0 ? '[' : ','}\n      ${entry}`);
      else out.write(`${files++ === 0 ? '[' : ','}\n      ${entry}`);
    });
    out.write(files === 0 ? '[]' : '\n    ]');
    dirsOut.write(dirs === 0 ? '[]' : '\n    ]');
    dirsOut.flush();
    out.write(middle);
    out.flush();
    copyInto(spool, fd);
    // The part after the directories list holds the count: taken from the head dumped again with it.
    out.write(headText(files + dirs).split(pyJsonDumps(DIRS))[1]);
    out.flush();
  } finally {
    closeSync(spoolFd);
    closeSync(fd);
    rmSync(spool, { force: true });
  }
  renameSync(tmp, file);
}

function summaryStatistics(items: ItemSummary[], entityPoolSize: number): Record<string, unknown> {
  const byType: Record<string, { questions: number; samples: number }> = {};
  const questions = new Set<string>();
  for (const it of items) {
    const b = (byType[it.scoring_type] ??= { questions: 0, samples: 0 });
    const q = String(it.question_id);
    if (!questions.has(q)) {
      questions.add(q);
      b.questions += 1;
    }
    b.samples += 1;
  }
  return { total_questions: questions.size, total_samples: items.length, entity_pool_size: entityPoolSize, by_scoring_type: byType };
}
