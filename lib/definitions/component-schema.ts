import { z } from 'zod';
import { generatorTypes } from './generator-types';
import { isRecord } from '../util/is-record';
import { DefCode } from './errors';
import { fieldError, typeError } from './schema-messages';

/** Component names: used as `TARGET_FILE[name]`, so they must be identifier-like (spec §2.3). */
export const COMPONENT_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
export const MAX_COMPONENT_NAME_LENGTH = 50;

const whenObject = { when: (p: { value: unknown }) => isRecord(p.value) };

/** Reference rules for a component name, in the reference's order and with its texts (spec §2.4). */
function checkName(name: string, ctx: z.core.$RefinementCtx<string>): void {
  const params = { code: DefCode.BAD_COMPONENT_NAME };
  if (name === '') {
    ctx.addIssue({ code: 'custom', message: "Component 'name' is required", params });
  } else if (!COMPONENT_NAME_RE.test(name)) {
    ctx.addIssue({
      code: 'custom',
      params,
      message: `Invalid component name '${name}'. Must start with letter and contain only letters, numbers, underscores, and hyphens`,
    });
  } else if (name.length > MAX_COMPONENT_NAME_LENGTH) {
    ctx.addIssue({ code: 'custom', params, message: `Component name '${name}' too long. Maximum ${MAX_COMPONENT_NAME_LENGTH} characters` });
  }
}

/**
 * A non-negative integer. Written as a custom check rather than zod's `.int()`/`.nonnegative()`: those abort the
 * parent's refinements, and then cross-field problems elsewhere in the same test would go unreported.
 */
export function nonNegativeInt(error: (iss: { input?: unknown }) => string) {
  return z.number({ error }).check(
    z.superRefine((n: number, ctx) => {
      if (Number.isInteger(n) && n >= 0) return;
      const code = Number.isInteger(n) ? DefCode.BAD_VALUE : DefCode.BAD_TYPE;
      ctx.addIssue({ code: 'custom', message: error({ input: n }), params: { code } });
    }),
  );
}

/** `clutter: {count: N}` (component level or `config.clutter`). Other keys are kept for the generators. */
export const clutterSchema = z.looseObject(
  { count: nonNegativeInt(typeError("'clutter.count'", 'a non-negative integer')).nullish() },
  { error: typeError("'clutter'", 'a mapping such as {count: 3}') },
);

const componentTypeError = (iss: { input?: unknown }): string => {
  if (iss.input === undefined) return "'type' field required";
  if (typeof iss.input !== 'string') return `'type' must be a string, got ${typeof iss.input}`;
  return `Unknown component type '${iss.input}' (expected one of ${generatorTypes.join(', ')})`;
};

/** One `sandbox_setup.components[]` entry (spec §2.3). Unknown types are rejected here, not at generation time. */
export const componentSchema = z
  .object(
    {
      type: z.enum(generatorTypes, { error: componentTypeError }),
      name: z
        .string({ error: (iss) => (iss.input === undefined ? "'name' field required" : typeError("'name'", 'a string')(iss)) })
        .check(z.superRefine(checkName)),
      target_file: z.string({ error: typeError("'target_file'", 'a string') }).nullish(),
      content: z.record(z.string(), z.unknown(), { error: typeError("'content'", 'a mapping') }).nullish(),
      config: z.looseObject({ clutter: clutterSchema.nullish() }, { error: typeError("'config'", 'a mapping') }).nullish(),
      depends_on: z
        .array(z.string({ error: typeError("'depends_on' entries", 'component names (strings)') }), {
          error: typeError("'depends_on'", 'a list of component names'),
        })
        .nullish(),
      clutter: clutterSchema.nullish(),
    },
    { error: 'Component must be an object' },
  )
  .check(
    z.superRefine((c: Record<string, unknown>, ctx) => {
      const type = c.type;
      if (typeof type === 'string' && type.startsWith('create_') && (c.target_file === undefined || c.target_file === null || c.target_file === '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['target_file'],
          message: `'target_file' required for component type '${type}'`,
          params: { code: DefCode.TARGET_FILE_REQUIRED },
        });
      }
    }, whenObject),
  );

/** Index → name of the components whose name is a string. */
function namesOf(components: unknown[]): Map<number, string> {
  const names = new Map<number, string>();
  components.forEach((c, i) => {
    if (isRecord(c) && typeof c.name === 'string' && c.name !== '') names.set(i, c.name);
  });
  return names;
}

/** Duplicate names make `TARGET_FILE[x]` ambiguous (the reference silently takes the first, B28). */
function checkDuplicateNames(components: unknown[], ctx: z.core.$RefinementCtx<unknown[]>): void {
  const first = new Map<string, number>();
  for (const [i, name] of namesOf(components)) {
    const j = first.get(name);
    if (j === undefined) first.set(name, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `Duplicate component name: '${name}' (first used by components[${j}])`,
        params: { code: DefCode.DUPLICATE_COMPONENT },
      });
  }
}

/** `depends_on` must name components of the same test and must not form a cycle. */
function checkDependencies(components: unknown[], ctx: z.core.$RefinementCtx<unknown[]>): void {
  const names = new Set(namesOf(components).values());
  const edges = new Map<string, string[]>();
  components.forEach((c, i) => {
    if (!isRecord(c) || typeof c.name !== 'string' || !Array.isArray(c.depends_on)) return;
    const deps = c.depends_on.filter((d): d is string => typeof d === 'string');
    edges.set(c.name, deps);
    deps.forEach((d) => {
      if (names.has(d)) return;
      const k = (c.depends_on as unknown[]).indexOf(d);
      ctx.addIssue({
        code: 'custom',
        path: [i, 'depends_on', k],
        message: `Component '${c.name}' depends on unknown component '${d}'`,
        params: { code: DefCode.BAD_DEPENDENCY },
      });
    });
  });
  const cycle = findCycle(edges);
  if (cycle) {
    const at = components.findIndex((c) => isRecord(c) && c.name === cycle[0]);
    ctx.addIssue({
      code: 'custom',
      path: [at, 'depends_on'],
      message: `Circular dependency detected among components: ${cycle.join(' -> ')}`,
      params: { code: DefCode.BAD_DEPENDENCY },
    });
  }
}

/** First dependency cycle found by depth-first search, as a closed walk (`a -> b -> a`), or null. */
export function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const d of edges.get(n) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of edges.keys()) {
    const found = visit(n);
    if (found) return found;
  }
  return null;
}

const LEGACY_MESSAGE = "'sandbox_setup' must have 'components' array. Legacy syntax no longer supported.";

/** `sandbox_setup: {components: [...]}`; the legacy single-component form (no `components`) is rejected. */
export const sandboxSetupSchema = z.object(
  {
    components: z
      .array(componentSchema, { error: (iss) => (iss.input === undefined ? LEGACY_MESSAGE : fieldError('components', 'an array')(iss)) })
      .check(
        z.superRefine(
          (list: unknown[], ctx) => {
            checkDuplicateNames(list, ctx);
            checkDependencies(list, ctx);
          },
          { when: (p) => Array.isArray(p.value) },
        ),
      ),
  },
  { error: typeError("'sandbox_setup'", 'an object') },
);
