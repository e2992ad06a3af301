/**
 * csv_count_where, csv_sum_where, csv_avg_where and the reference's `_apply_filter`:
 * numeric comparison when both sides parse with Python `float()`, else case-sensitive string operations.
 */
import { pyIntStr, pyParseFloat, pyStrip, pyStrRepr } from '../py';
import { pyMeanStr, pySumStr } from './aggregate';
import { headerIndex, headersRepr, readCsvWithHeader } from './csv-read';
import { resolveTargetFile, TemplateFunctionFailure } from './target-file';
import type { TemplateContext, TemplateFunctionSpec } from './types';

/** Python string ordering: by code point (JS `<` compares UTF-16 units). */
export function pyStrCompare(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  while (true) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

const STRING_OPS: Record<string, (v: string, t: string) => boolean> = {
  '==': (v, t) => v === t,
  '!=': (v, t) => v !== t,
  contains: (v, t) => v.includes(t),
  startswith: (v, t) => v.startsWith(t),
  endswith: (v, t) => v.endsWith(t),
  '>': (v, t) => pyStrCompare(v, t) > 0,
  '<': (v, t) => pyStrCompare(v, t) < 0,
  '>=': (v, t) => pyStrCompare(v, t) >= 0,
  '<=': (v, t) => pyStrCompare(v, t) <= 0,
};

/** The reference's `_apply_filter(value, op, target)`. */
export function applyFilter(value: string, op: string, target: string): boolean {
  if (pyStrip(value) === '') return false;
  const a = pyParseFloat(value);
  const b = pyParseFloat(target);
  if (a !== null && b !== null && Object.hasOwn(NUMERIC_OPS, op)) return NUMERIC_OPS[op](a, b);
  if (!Object.hasOwn(STRING_OPS, op)) throw new TemplateFunctionFailure(`Unsupported operator: ${op}`);
  return STRING_OPS[op](value, target);
}

/** The COL cells of the rows where COL and FCOL are non-blank and the filter passes. */
function matchingCells(args: string[], ctx: TemplateContext): string[] {
  const [column, filterColumn, op, target, file] = args;
  const rows = readCsvWithHeader(resolveTargetFile(file, ctx), ctx);
  const ci = headerIndex(rows, column);
  const fi = headerIndex(rows, filterColumn);
  if (ci < 0 || fi < 0) {
    const missing = ci < 0 ? column : filterColumn;
    throw new TemplateFunctionFailure(
      `Column not found in CSV. Available headers: ${headersRepr(rows)}. Error: ${pyStrRepr(missing)} is not in list`,
    );
  }
  const out: string[] = [];
  for (const r of rows.slice(1)) {
    if (ci >= r.length || fi >= r.length) continue;
    if (pyStrip(r[ci]) === '' || pyStrip(r[fi]) === '') continue;
    if (applyFilter(r[fi], op, target)) out.push(r[ci]);
  }
  return out;
}

function numbers(cells: string[]): number[] {
  const out: number[] = [];
  for (const c of cells) {
    const v = pyParseFloat(c);
    if (v !== null) out.push(v);
  }
  return out;
}

const usage = (fn: string): string =>
  `${fn} requires exactly 5 arguments: column, filter_column, operator, value, file_path`;

/** The filtered CSV aggregates. The filter value (4th argument) may contain `:` (e.g. `10:00`). */
export const csvWhereFunctions: Record<string, TemplateFunctionSpec> = {
  csv_count_where: {
    arity: 5,
    greedy: 3,
    usage: usage('csv_count_where'),
    fn: (args, ctx) => pyIntStr(matchingCells(args, ctx).length),
  },
  csv_sum_where: {
    arity: 5,
    greedy: 3,
    usage: usage('csv_sum_where'),
    fn: (args, ctx) => pySumStr(numbers(matchingCells(args, ctx))),
  },
  csv_avg_where: {
    arity: 5,
    greedy: 3,
    usage: usage('csv_avg_where'),
    fn: (args, ctx) => {
      const values = numbers(matchingCells(args, ctx));
      if (values.length === 0) {
        throw new TemplateFunctionFailure(`No numeric values found in column '${args[0]}' matching filter criteria`);
      }
      return pyMeanStr(values);
    },
  },
};
