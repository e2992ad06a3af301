import { z } from 'zod';
import { requiredScoringFields, scoringTypes, type ScoringType } from './scoring-types';
import { isRecord } from '../util/is-record';
import { componentSchema, nonNegativeInt, sandboxSetupSchema } from './component-schema';
import { DefCode } from './errors';
import { fieldError, missingFieldMessage, typeError } from './schema-messages';

export { componentSchema, sandboxSetupSchema, clutterSchema, COMPONENT_NAME_RE, MAX_COMPONENT_NAME_LENGTH } from './component-schema';
export { issueCode, describeValue } from './schema-messages';


/** The reference accepts `samples: '2'` and then crashes in the precheck (B28); say how to fix it instead. */
const samplesError = (iss: { input?: unknown }): string =>
  fieldError('samples', 'a non-negative integer')(iss) + (typeof iss.input === 'string' ? ' (write it without quotes, e.g. `samples: 20`)' : '');

/**
 * Text fields reject YAML numbers/booleans instead of converting them: `1.0` or `yes` would silently change
 * meaning (`1`, `true`), so the user is told to quote them.
 */
function textField(field: string) {
  const base = typeError(`'${field}'`, 'a string');
  const hint = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? ' (put it in quotes if it is meant as text)' : '');
  return z.string({ error: (iss) => base(iss) + hint(iss.input) }).nullish();
}

const stringList = (field: string) =>
  z
    .array(z.string({ error: typeError(`'${field}' entries`, 'strings') }), { error: typeError(`'${field}'`, 'a list of strings') })
    .nullish();

const scoringTypeError = (iss: { input?: unknown }): string => {
  if (iss.input === undefined) return missingFieldMessage('scoring_type');
  if (typeof iss.input !== 'string') return typeError("'scoring_type'", 'a string')(iss);
  return `Unknown scoring_type '${iss.input}' (expected one of ${scoringTypes.join(', ')})`;
};

/** question_id: a number or a non-empty string (it becomes part of `q{id}_s{n}` paths). */
const questionIdSchema = z
  .union([z.number(), z.string()], { error: fieldError('question_id', 'a number or a string') })
  .check(
    z.superRefine((id: number | string, ctx) => {
      if (typeof id === 'string' && id.trim() === '') {
        ctx.addIssue({ code: 'custom', message: "'question_id' must not be empty", params: { code: DefCode.BAD_VALUE } });
      }
    }),
  );

/** An empty question can never be answered: the reference sends it anyway, PICARD Live refuses it. */
function nonEmptyTemplate(template: string, ctx: z.core.$RefinementCtx<string>): void {
  if (template.trim() === '') {
    ctx.addIssue({ code: 'custom', message: "'template' must not be empty (it is the question sent to the agent)", params: { code: DefCode.BAD_VALUE } });
  }
}

/** Scoring-field rule of `TestDefinition._validate` (spec §2.4). Wrong-typed values are left to the field schemas. */
function checkScoringFields(test: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>): void {
  const type = test.scoring_type;
  if (typeof type !== 'string' || !Object.hasOwn(requiredScoringFields, type)) return;
  for (const field of requiredScoringFields[type as ScoringType]) {
    const v = test[field];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (!empty) continue;
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `'${field}' required for scoring_type '${type}'`,
      params: { code: DefCode.SCORING_FIELD_REQUIRED },
    });
  }
}

/** One entry of `tests:` (spec §2.2). Keys are checked in the reference's order; unknown keys are dropped here. */
export const testSchema = z
  .object(
    {
      question_id: questionIdSchema,
      samples: nonNegativeInt(samplesError),
      template: z.string({ error: fieldError('template', 'a string') }).check(z.superRefine(nonEmptyTemplate)),
      scoring_type: z.enum(scoringTypes, { error: scoringTypeError }),
      expected_response: textField('expected_response'),
      file_to_read: textField('file_to_read'),
      expected_content: textField('expected_content'),
      files_to_check: stringList('files_to_check'),
      expected_structure: stringList('expected_structure'),
      sandbox_setup: sandboxSetupSchema.nullish(),
    },
    { error: 'Each test must be an object' },
  )
  .check(z.superRefine(checkScoringFields, { when: (p) => isRecord(p.value) }));

/** Ids compare by their text, because `q{id}_s{n}` paths and result files would collide for `1` and `'1'`. */
function checkDuplicateIds(tests: unknown[], ctx: z.core.$RefinementCtx<unknown[]>): void {
  const seen = new Map<string, number>();
  tests.forEach((t, i) => {
    if (!isRecord(t) || (typeof t.question_id !== 'number' && typeof t.question_id !== 'string')) return;
    const key = String(t.question_id);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [i, 'question_id'],
      message: `Duplicate question_id: ${key} (first used by tests[${first}])`,
      params: { code: DefCode.DUPLICATE_ID },
    });
  });
}

const testsError = (iss: { input?: unknown }): string =>
  iss.input === undefined ? "YAML must contain a 'tests' key with list of test definitions" : `'tests' must be a list`;

/** The whole definitions document (spec §2.1): a mapping with a `tests` list. Other top-level keys are ignored. */
export const definitionsSchema = z.object(
  {
    tests: z.array(testSchema, { error: testsError }).check(z.superRefine(checkDuplicateIds, { when: (p) => Array.isArray(p.value) })),
  },
  { error: 'YAML must contain a top-level object' },
);

/** Parsed (not yet normalised) output of {@link definitionsSchema}. */
export type ParsedDefinitions = z.output<typeof definitionsSchema>;
export type ParsedTest = z.output<typeof testSchema>;

/** Known keys per level, for the unknown-key warnings (derived from the schemas so they cannot drift). */
export const knownKeys = {
  root: Object.keys(definitionsSchema.shape),
  test: Object.keys(testSchema.shape),
  sandbox: Object.keys(sandboxSetupSchema.shape),
  component: Object.keys(componentSchema.shape),
} as const;
