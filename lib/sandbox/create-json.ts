import { pyJsonDumps, pyTruthy } from '../py';
import { getOr } from './py-values';
import { defaultDocument, generateFromSchema } from './schema';
import type { Generator } from './types';

/**
 * `create_json` (spec §5.7): the document generated from `content.schema` (or the default
 * `{message, timestamp, id}` when it is missing or empty), written like Python's
 * `json.dump(indent=2, ensure_ascii=False)` with no final newline.
 */
export const createJson: Generator = (targetFile, content, ctx) => {
  const schema = getOr(content, 'schema', {});
  const doc = !pyTruthy(schema) ? defaultDocument(ctx) : generateFromSchema(schema, ctx);
  return [{ path: targetFile, kind: 'text', content: pyJsonDumps(doc, { indent: 2, ensureAscii: false }) }];
};
