/**
 * Evaluation of template functions in answer-key text (`{{csv_count:ID:TARGET_FILE[csv1]}}` → `4`).
 * Only `{{name:…}}` with a registered name is a call; other placeholders (e.g. unresolved variables) are
 * left as they are and reported. The first failing call throws a `TemplateError` naming the function, its
 * arguments and the resolved file, with the reference's message text after the colon.
 */
import { createTemplateCache } from './file-cache';
import { isTemplateFunction, templateFunctions } from './registry';
import { parseSegments, splitArgs, splitNameAndArgs, type BraceSegment, type Segment } from './scan';
import { tryResolveTargetFile } from './target-file';
import { TemplateError, type TemplateContext } from './types';

/** Options for `evaluateTemplates`. */
export interface EvaluateOptions {
  /** Called with each `{{…}}` that is not a template function call (left untouched in the output). */
  onUnknown?: (placeholder: string) => void;
}

/** Result of `evaluateTemplatesDetailed`. */
export interface EvaluationResult {
  text: string;
  /** Placeholders left untouched because they are not template function calls, in order. */
  unknown: string[];
  /** Number of template function calls evaluated. */
  calls: number;
}

/**
 * Calls one template function with already-split arguments.
 * @throws TemplateError `fn(a, b) on /abs/file: reference message`
 */
export function callTemplateFunction(name: string, args: string[], ctx: TemplateContext): string {
  const spec = templateFunctions[name];
  if (!spec) throw new TemplateError(`Unknown template function: ${name}`, name, args);
  const file = args.length > 0 ? tryResolveTargetFile(args[args.length - 1], ctx) : undefined;
  try {
    return spec.fn(args, ctx);
  } catch (e) {
    const where = file ? ` on ${file}` : '';
    throw new TemplateError(`${name}(${args.join(', ')})${where}: ${(e as Error).message}`, name, args, file);
  }
}

/** Calls a function from its raw argument text (`ID:TARGET_FILE[csv1]`), checking the argument count. */
function callRaw(name: string, rawArgs: string, ctx: TemplateContext): string {
  const spec = templateFunctions[name];
  const args = splitArgs(rawArgs, spec);
  if (!args) {
    const parts = rawArgs.split(':').map((p) => p.trim());
    throw new TemplateError(`${name}(${parts.join(', ')}): ${spec.usage}`, name, parts);
  }
  return callTemplateFunction(name, args, ctx);
}

class Evaluator {
  readonly unknown: string[] = [];
  calls = 0;
  constructor(
    private readonly ctx: TemplateContext,
    private readonly opts: EvaluateOptions,
  ) {}

  segments(parts: Segment[]): string {
    let out = '';
    for (const p of parts) out += p.kind === 'text' ? p.text : this.brace(p);
    return out;
  }

  brace(seg: BraceSegment): string {
    const content = this.segments(seg.inner);
    const call = splitNameAndArgs(content);
    if (call && isTemplateFunction(call.name)) {
      this.calls++;
      return callRaw(call.name, call.rawArgs, this.ctx);
    }
    const placeholder = `{{${content}}}`;
    this.unknown.push(placeholder);
    this.opts.onUnknown?.(placeholder);
    return placeholder;
  }
}

/** Evaluates every template function call in `text`; see `evaluateTemplates`. */
export function evaluateTemplatesDetailed(text: string, ctx: TemplateContext, opts: EvaluateOptions = {}): EvaluationResult {
  const ownCache = ctx.cache ? undefined : createTemplateCache();
  const ev = new Evaluator(ownCache ? { ...ctx, cache: ownCache } : ctx, opts);
  try {
    const out = text.includes('{{') ? ev.segments(parseSegments(text)) : text;
    return { text: out, unknown: ev.unknown, calls: ev.calls };
  } finally {
    ownCache?.close();
  }
}

/**
 * Replaces every `{{fn:args}}` call of a registered template function in `text` with its result
 * (Python `str()` form, e.g. `100.0`, `33.333333333333336`, `True`). Nested calls are evaluated innermost
 * first. Other `{{…}}` placeholders stay as they are and are passed to `opts.onUnknown`.
 * @throws TemplateError on the first failing call.
 */
export function evaluateTemplates(text: string, ctx: TemplateContext, opts: EvaluateOptions = {}): string {
  return evaluateTemplatesDetailed(text, ctx, opts).text;
}

/** A template function call found in text, before evaluation. */
export interface TemplateCall {
  name: string;
  /** Argument text after the first `:`, trimmed (may still contain nested `{{…}}`). */
  rawArgs: string;
  /**
   * Split arguments; `null` when the count does not fit the function (`usageError` says why) or when
   * the arguments contain nested calls (known only after evaluation).
   */
  args: string[] | null;
  usageError?: string;
  /** The call's source text and offsets (`end` is exclusive). */
  raw: string;
  start: number;
  end: number;
  /** Whether the call sits inside another placeholder. */
  nested: boolean;
}

/** Lists the template function calls in `text` (outer before inner), without reading any file. */
export function findTemplateCalls(text: string): TemplateCall[] {
  const out: TemplateCall[] = [];
  const walk = (parts: Segment[], nested: boolean): void => {
    for (const p of parts) {
      if (p.kind !== 'brace') continue;
      const raw = text.slice(p.start, p.end);
      const call = splitNameAndArgs(raw.slice(2, -2));
      if (call && isTemplateFunction(call.name)) {
        const spec = templateFunctions[call.name];
        // Arguments built from nested calls are only known after evaluation.
        const hasInner = p.inner.some((s) => s.kind === 'brace');
        const args = hasInner ? null : splitArgs(call.rawArgs, spec);
        const usageError = args || hasInner ? undefined : spec.usage;
        out.push({ ...call, args, usageError, raw, start: p.start, end: p.end, nested });
      }
      walk(p.inner, true);
    }
  };
  walk(parseSegments(text), false);
  return out;
}
