/**
 * The eleven path functions shared by JSON and YAML (`json_path` … `json_filter`, `yaml_path` …
 * `yaml_filter`). Both families run the same logic on parsed data; only names and messages differ.
 */
import { pyClassStr, pyIntStr, pyStr } from '../py';
import { pyExtremeStr, pyMeanStr, pySumStr } from './aggregate';
import {
  evaluatePath,
  expandWildcards,
  navigateKeys,
  numericValue,
  parseFilter,
  splitFilterPath,
} from './json-path';
import { resolveTargetFile, TemplateFunctionFailure } from './target-file';
import type { TemplateContext, TemplateFunctionSpec } from './types';

/** How one family names itself and loads its files. */
export interface StructuredFamily {
  prefix: 'json' | 'yaml';
  /** `JSON` / `YAML` in messages. */
  label: string;
  /** `JSONPath` / `YAML path` in json_path/yaml_path messages. */
  pathLabel: string;
  load(file: string, ctx: TemplateContext): unknown;
}

/** Runs `body`, re-wrapping any failure as `{prefix}: {message}` (the reference's try/except). */
function wrap(prefix: string, body: () => string): string {
  try {
    return body();
  } catch (e) {
    throw new TemplateFunctionFailure(`${prefix}: ${(e as Error).message}`);
  }
}

const noneAsEmpty = (v: unknown): string => (v === null || v === undefined ? '' : pyStr(v));

function numbersAt(data: unknown, pathExpr: string): number[] {
  const out: number[] = [];
  for (const v of expandWildcards(data, pathExpr)) {
    const n = numericValue(v);
    if (n !== null) out.push(n);
  }
  return out;
}

function countOrKeys(fam: StructuredFamily, kind: 'count' | 'keys', args: string[], ctx: TemplateContext): string {
  const pathExpr = args.length === 1 ? '$' : args[0];
  const data = fam.load(resolveTargetFile(args[args.length - 1], ctx), ctx);
  const what = kind === 'count' ? `Error counting ${fam.label} elements at` : `Error getting ${fam.label} keys at`;
  return wrap(`${what} '${pathExpr}'`, () => {
    const target = pathExpr === '$' ? data : evaluatePath(data, pathExpr);
    if (kind === 'count') {
      if (Array.isArray(target)) return pyIntStr(target.length);
      if (target instanceof Map) return pyIntStr(target.size);
      throw new Error(`Cannot count non-array/non-object value: ${pyClassStr(target)}`);
    }
    if (!(target instanceof Map)) throw new Error(`Cannot get keys from non-object value: ${pyClassStr(target)}`);
    const keys = [...target.keys()];
    const bad = keys.findIndex((k) => typeof k !== 'string');
    if (bad >= 0) throw new Error(`sequence item ${bad}: expected str instance, ${pyClassStr(keys[bad]).slice(8, -2)} found`);
    return keys.join(',');
  });
}

function filtered(fam: StructuredFamily, fnName: string, args: string[], ctx: TemplateContext, collect: boolean): string {
  const pathExpr = args[0];
  const data = fam.load(resolveTargetFile(args[1], ctx), ctx);
  const what = collect ? `Error filtering ${fam.label} elements for` : `Error counting filtered ${fam.label} elements for`;
  return wrap(`${what} '${pathExpr}'`, () => {
    const { base, filter, rest } = splitFilterPath(pathExpr, fnName);
    const target = base ? navigateKeys(data, base) : data;
    if (!Array.isArray(target)) return collect ? '' : '0';
    const pred = parseFilter(filter);
    const items = target.filter((item) => pred(item));
    if (!collect) return pyIntStr(items.length);
    if (!rest) return items.map((item) => pyStr(item)).join(',');
    const values: string[] = [];
    for (const item of items) {
      try {
        values.push(pyStr(navigateKeys(item, rest)));
      } catch {
        // The reference skips items where the rest of the path fails.
      }
    }
    return values.join(',');
  });
}

/** Builds the eleven functions of one family. */
export function structuredFunctions(fam: StructuredFamily): Record<string, TemplateFunctionSpec> {
  const p = fam.prefix;
  const two = (fn: string, argName = 'path_expression'): string => `${p}_${fn} requires exactly 2 arguments: ${argName}, file_path`;
  const oneOrTwo = (fn: string): string => `${p}_${fn} requires 1 or 2 arguments: [path_expression], file_path`;
  const load = (args: string[], ctx: TemplateContext): unknown => fam.load(resolveTargetFile(args[1], ctx), ctx);
  const agg = (fn: string, what: string, compute: (xs: number[]) => string): TemplateFunctionSpec => ({
    arity: 2,
    greedy: 0,
    usage: two(fn),
    fn: (args, ctx) => {
      const data = load(args, ctx);
      return wrap(`${what} '${args[0]}'`, () => compute(numbersAt(data, args[0])));
    },
  });
  const L = fam.label;
  return {
    [`${p}_path`]: {
      arity: 2,
      greedy: 0,
      usage: two('path'),
      fn: (args, ctx) => {
        const data = load(args, ctx);
        return wrap(`Error evaluating ${fam.pathLabel} '${args[0]}'`, () => noneAsEmpty(evaluatePath(data, args[0])));
      },
    },
    [`${p}_value`]: {
      arity: 2,
      greedy: 0,
      usage: two('value', 'key_path'),
      fn: (args, ctx) => {
        const data = load(args, ctx);
        return wrap(`Error accessing ${L} key '${args[0]}'`, () => noneAsEmpty(navigateKeys(data, args[0])));
      },
    },
    [`${p}_count`]: { arity: [1, 2], greedy: 0, usage: oneOrTwo('count'), fn: (a, c) => countOrKeys(fam, 'count', a, c) },
    [`${p}_keys`]: { arity: [1, 2], greedy: 0, usage: oneOrTwo('keys'), fn: (a, c) => countOrKeys(fam, 'keys', a, c) },
    [`${p}_sum`]: agg('sum', `Error calculating ${L} sum for`, pySumStr),
    [`${p}_avg`]: agg('avg', `Error calculating ${L} average for`, (xs) => pyMeanStr(xs)),
    [`${p}_max`]: agg('max', `Error finding ${L} maximum for`, (xs) => pyExtremeStr(xs, 'max')),
    [`${p}_min`]: agg('min', `Error finding ${L} minimum for`, (xs) => pyExtremeStr(xs, 'min')),
    [`${p}_collect`]: {
      arity: 2,
      greedy: 0,
      usage: two('collect'),
      fn: (args, ctx) => {
        const data = load(args, ctx);
        return wrap(`Error collecting ${L} values for '${args[0]}'`, () =>
          expandWildcards(data, args[0])
            .filter((v) => v !== null && v !== undefined)
            .map((v) => pyStr(v))
            .join(','),
        );
      },
    },
    [`${p}_count_where`]: {
      arity: 2,
      greedy: 0,
      usage: two('count_where'),
      fn: (args, ctx) => filtered(fam, `${p}_count_where`, args, ctx, false),
    },
    [`${p}_filter`]: {
      arity: 2,
      greedy: 0,
      usage: two('filter'),
      fn: (args, ctx) => filtered(fam, `${p}_filter`, args, ctx, true),
    },
  };
}
