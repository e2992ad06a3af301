import type { DefinitionIssue } from './types';

export type { DefinitionIssue } from './types';

/** A non-fatal finding; same shape as an error issue. */
export type DefinitionWarning = DefinitionIssue;

/** Stable issue codes. Tests and callers match on these, never on message text. */
export const DefCode = {
  FILE_NOT_FOUND: 'DEF_FILE_NOT_FOUND',
  FILE_READ: 'DEF_FILE_READ',
  YAML_SYNTAX: 'DEF_YAML_SYNTAX',
  MISSING_FIELD: 'DEF_MISSING_FIELD',
  BAD_TYPE: 'DEF_BAD_TYPE',
  BAD_VALUE: 'DEF_BAD_VALUE',
  DUPLICATE_ID: 'DEF_DUPLICATE_ID',
  LEGACY_SANDBOX: 'DEF_LEGACY_SANDBOX',
  UNKNOWN_SCORING_TYPE: 'DEF_UNKNOWN_SCORING_TYPE',
  SCORING_FIELD_REQUIRED: 'DEF_SCORING_FIELD_REQUIRED',
  UNKNOWN_COMPONENT_TYPE: 'DEF_UNKNOWN_COMPONENT_TYPE',
  BAD_COMPONENT_NAME: 'DEF_BAD_COMPONENT_NAME',
  DUPLICATE_COMPONENT: 'DEF_DUPLICATE_COMPONENT',
  TARGET_FILE_REQUIRED: 'DEF_TARGET_FILE_REQUIRED',
  BAD_DEPENDENCY: 'DEF_BAD_DEPENDENCY',
  UNKNOWN_KEY: 'DEF_UNKNOWN_KEY',
  YAML_WARNING: 'DEF_YAML_WARNING',
  // Found by generating every instance (lib/generation/check-instances.ts).
  OUTSIDE_SANDBOX: 'DEF_OUTSIDE_SANDBOX',
  BAD_VARIABLE: 'DEF_BAD_VARIABLE',
  UNKNOWN_TEMPLATE_FUNCTION: 'DEF_UNKNOWN_TEMPLATE_FUNCTION',
  UNRESOLVED_PLACEHOLDER: 'DEF_UNRESOLVED_PLACEHOLDER',
  INVALID_ANSWER_JSON: 'DEF_INVALID_ANSWER_JSON',
  GENERATION_FAILED: 'DEF_GENERATION_FAILED',
} as const;

export type DefCodeValue = (typeof DefCode)[keyof typeof DefCode];

/** `file:line:col path: message` (the path is left out for the document root, the position for file-level issues). */
export function formatIssue(issue: DefinitionIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * Thrown when a definitions file cannot be used. `issues` holds every problem found in the file (not only the
 * first), sorted by position; `message` lists them one per line.
 */
export class DefinitionError extends Error {
  /** Code of the first issue (all issues keep their own code). */
  readonly code: string;
  readonly issues: DefinitionIssue[];

  constructor(issues: DefinitionIssue[]) {
    if (issues.length === 0) throw new RangeError('DefinitionError needs at least one issue');
    super(issues.map(formatIssue).join('\n'));
    this.name = 'DefinitionError';
    this.code = issues[0].code;
    this.issues = issues;
  }
}
