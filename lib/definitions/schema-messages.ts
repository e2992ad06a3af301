import type { z } from 'zod';
import { DefCode, type DefCodeValue } from './errors';

/** Short, human description of a parsed YAML value for error messages (`a string ('2')`, `a list`, …). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return `a string ('${shown}')`;
    }
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** The reference's message for an absent required key (spec §2.4, without its `Test {i}:` prefix: the path says where). */
export function missingFieldMessage(field: string): string {
  return `Missing required field '${field}'`;
}

type IssueInput = { input?: unknown };

/**
 * A zod `error` function for a field: "Missing required field 'x'" when the key is absent, otherwise
 * "'x' must be <expected>, got <what it is>" plus an optional hint.
 */
export function fieldError(field: string, expected: string, hint = ''): (iss: IssueInput) => string {
  return (iss) =>
    iss.input === undefined
      ? missingFieldMessage(field)
      : `'${field}' must be ${expected}, got ${describeValue(iss.input)}${hint}`;
}

/** Error for a value that is present but of the wrong kind (used where the key is optional or already known present). */
export function typeError(what: string, expected: string): (iss: IssueInput) => string {
  return (iss) => `${what} must be ${expected}, got ${describeValue(iss.input)}`;
}

/** Builtin zod issue codes whose `input === undefined` means "the key is absent". */
const absenceCodes = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

/**
 * Maps a zod issue to a stable `DEF_*` code. Custom issues carry their code in `params.code`; builtin ones are
 * classified by kind and by the key they concern. Needs issues parsed with `reportInput: true`.
 */
export function issueCode(issue: z.core.$ZodIssue): DefCodeValue {
  const last = issue.path[issue.path.length - 1];
  const input = (issue as IssueInput).input;
  if (issue.code === 'custom') return ((issue.params as { code?: DefCodeValue } | undefined)?.code ?? DefCode.BAD_VALUE);
  if (absenceCodes.has(issue.code) && input === undefined) {
    return last === 'components' ? DefCode.LEGACY_SANDBOX : DefCode.MISSING_FIELD;
  }
  if (issue.code === 'invalid_value' && typeof input === 'string') {
    if (last === 'scoring_type') return DefCode.UNKNOWN_SCORING_TYPE;
    if (last === 'type') return DefCode.UNKNOWN_COMPONENT_TYPE;
    return DefCode.BAD_VALUE;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'not_multiple_of') return DefCode.BAD_VALUE;
  return DefCode.BAD_TYPE;
}
