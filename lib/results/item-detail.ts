import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';
import type { ScoreLine, ConversationFile, ResponseLine } from './types';
import { listItemFiles } from './item-files';
import type { ItemFile } from './item-files';
import { isValidItemKey } from './item-key';
import { findItemLine, type IndexedLine } from './item-line';
import { conversationFile, runFiles } from './run-files';

/** Expected against actual for one item, as the conversation debugger shows it. */
export interface ItemAnswer {
  scoringType: string;
  /** The question template (`{{entity1}}` …) the instance came from. */
  questionTemplate: string | null;
  /** The answer key before template functions ran, when the definitions file has one. */
  answerTemplate: string | null;
  /** What the scorer expected: a response text, a file's content, or a list of paths. */
  expected: string | null;
  /** What was compared: the cleaned response, or the content of the file the scorer read. */
  actual: string | null;
  actualSource: 'response' | 'file' | 'none';
  /** The response after think-tag / harmony cleaning; null when the raw response was already clean. */
  cleaned: string | null;
  /** Structural JSON comparison for json scoring types: the differences, or why parsing failed. */
  json: { differences: string[]; error: string | null } | null;
}

/** Builds the answer view from what is on disk; it knows the scorers, so the caller supplies it. */
export type ItemAnswerOf = (entry: PrecheckEntry | null, response: ResponseLine | null, score: ScoreLine | null) => ItemAnswer | null;

/**
 * Everything the conversation panel shows for one item (the body of `GET /api/runs/<runId>/items/<key>`);
 * each part is null until it exists on disk.
 */
export interface ItemDetail {
  key: string;
  entry: PrecheckEntry | null;
  conversation: ConversationFile | null;
  response: ResponseLine | null;
  score: ScoreLine | null;
  /** Answer key with its template, cleaned response, and the structural/line comparison inputs. */
  answer: ItemAnswer | null;
  /** Files in the item's sandbox folder (paths relative to the run's sandbox), generated or left by the agent. */
  files: ItemFile[];
}

/**
 * Where the results index saw the item's lines (from the caller that has the index: lib/results does not know it),
 * so the read touches those lines instead of scanning the files; each is checked, and a file without one, or whose
 * check fails, is scanned as without an index.
 */
export interface ItemLineHints {
  precheck?: IndexedLine;
  responses?: IndexedLine;
  scoresProgress?: IndexedLine;
}

export interface ReadItemDetailOptions {
  lines?: ItemLineHints;
}

function lastMatch<T extends { question_id: number | string; sample_number: number }>(rows: T[], key: string): T | null {
  for (let i = rows.length - 1; i >= 0; i--) if (itemKey(rows[i].question_id, rows[i].sample_number) === key) return rows[i];
  return null;
}

/** Reads one item's precheck entry, conversation, response, verdict and sandbox files from a result folder. */
export function readItemDetail(dir: string, key: string, answerOf: ItemAnswerOf, opts: ReadItemDetailOptions = {}): ItemDetail {
  if (!isValidItemKey(key)) throw new Error(`Invalid item key '${key}' (expected q<id>_s<n>)`);
  const hints = opts.lines ?? {};
  const entry = findItemLine<PrecheckEntry>(path.join(dir, runFiles.precheck), key, hints.precheck);
  const response = findItemLine<ResponseLine>(path.join(dir, runFiles.responses), key, hints.responses);
  let score = findItemLine<ScoreLine>(path.join(dir, runFiles.scoresProgress), key, hints.scoresProgress);
  if (!score && existsSync(path.join(dir, runFiles.scores))) {
    try {
      const all = JSON.parse(readFileSync(path.join(dir, runFiles.scores), 'utf8')) as { detailed_results?: ScoreLine[] };
      score = lastMatch(all.detailed_results ?? [], key);
    } catch {
      score = null;
    }
  }
  let conversation: ConversationFile | null = null;
  const convFile = conversationFile(dir, key);
  if (existsSync(convFile)) {
    try {
      conversation = JSON.parse(readFileSync(convFile, 'utf8')) as ConversationFile;
    } catch {
      conversation = null; // being replaced right now (atomic rename): the panel refetches on the next change
    }
  }
  const files = listItemFiles(path.join(dir, runFiles.sandbox), key, entry?.sandbox_generation?.all_files_created ?? []);
  return { key, entry, conversation, response, score, answer: answerOf(entry, response, score), files };
}
