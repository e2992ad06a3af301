/**
 * Where the index saw one item's lines (`LINE_OFFSET_COLUMNS`) and how far it had read each JSONL file
 * (`file_state`), in the shape `readItemDetail` takes: opening one item then reads its lines, not its run's files.
 */
import type { ItemLineHints } from '../results/item-detail';
import type { IndexedLine } from '../results/item-line';
import { runFiles } from '../results/run-files';
import { LINE_OFFSET_COLUMNS } from './item-columns';
import type { ResultsIndex } from './open';

const HINT_OF_FILE: Record<(typeof LINE_OFFSET_COLUMNS)[number]['file'], keyof ItemLineHints> = {
  [runFiles.precheck]: 'precheck',
  [runFiles.responses]: 'responses',
  [runFiles.scoresProgress]: 'scoresProgress',
};

const ITEM_SQL = `SELECT ${LINE_OFFSET_COLUMNS.map((c) => `i.${c.column}`).join(', ')}
  FROM items i JOIN runs r ON r.run_no = i.run_no WHERE r.run_id = ? AND i.key = ?`;
const STATE_SQL = `SELECT file, offset, tail FROM file_state WHERE run_id = ? AND file IN (${LINE_OFFSET_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The item's line hints; null when the index has no row for it (unknown run or item: the detail scans the files).
 * A file the index has no read state for gets no hint. Read in one transaction, so the offsets and the read state
 * are from the same catch-up.
 */
export function itemLineHints(index: ResultsIndex, runId: string, key: string): ItemLineHints | null {
  const { db } = index;
  return db.transaction(() => {
    const row = db.prepare(ITEM_SQL).get(runId, key) as Record<string, number | null> | undefined;
    if (!row) return null;
    const states = db.prepare(STATE_SQL).all(runId, ...LINE_OFFSET_COLUMNS.map((c) => c.file)) as Array<{ file: string; offset: number; tail: Buffer | null }>;
    const out: ItemLineHints = {};
    for (const st of states) {
      const col = LINE_OFFSET_COLUMNS.find((c) => c.file === st.file);
      if (!col) continue;
      const hint: IndexedLine = { offset: row[col.column], readTo: st.offset, tail: st.tail };
      out[HINT_OF_FILE[col.file]] = hint;
    }
    return out;
  })();
}
