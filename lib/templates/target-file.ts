/**
 * Path arguments of template functions: `TARGET_FILE[name]` (a component's target file), an absolute
 * path, or a path relative to the sandbox root (`ctx.baseDir`).
 */
import path from 'node:path';
import { ConfinementError, isWithin, resolveInSandbox } from '../sandbox/confine';
import type { TemplateContext } from './types';

/** Component names as the definition parser accepts them: a letter, then letters, digits, `_`, `-`. */
const COMPONENT_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** An error raised by a template function; the evaluator adds the function, arguments and file. */
export class TemplateFunctionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFunctionFailure';
  }
}

/**
 * Resolves a path argument to an absolute path, with the reference's error texts:
 * `Invalid component name: 1bad`, `No components provided for TARGET_FILE[x] resolution`,
 * `Component 'x' not found`, `TARGET_FILE requires component name: TARGET_FILE[component_name]`.
 */
export function resolveTargetFile(arg: string, ctx: TemplateContext): string {
  if (arg.startsWith('TARGET_FILE[') && arg.endsWith(']')) {
    const name = arg.slice('TARGET_FILE['.length, -1);
    if (!COMPONENT_NAME_RE.test(name) || name.length > 50) {
      throw new TemplateFunctionFailure(`Invalid component name: ${name}`);
    }
    if (ctx.components.length === 0) {
      throw new TemplateFunctionFailure(`No components provided for TARGET_FILE[${name}] resolution`);
    }
    const comp = ctx.components.find((c) => c.name === name);
    if (!comp) throw new TemplateFunctionFailure(`Component '${name}' not found`);
    return confined(path.resolve(ctx.baseDir, comp.targetFile), ctx);
  }
  if (arg === 'TARGET_FILE') {
    throw new TemplateFunctionFailure('TARGET_FILE requires component name: TARGET_FILE[component_name]');
  }
  // Relative paths resolve against the sandbox root, not the process cwd (reference: project root, B21).
  return confined(path.resolve(ctx.baseDir, arg), ctx);
}

/**
 * During generation (`ctx.files` set) answer keys read only the instance's own sandbox area: a path outside
 * it, by `..`, an absolute path elsewhere or a symbolic link leading out, fails (docs/compat.md).
 */
function confined(file: string, ctx: TemplateContext): string {
  const files = ctx.files;
  if (files === undefined) return file;
  // A generated file was confined when it was generated; anything else is judged like an agent's path.
  if (files.stat(file) !== undefined && isWithin(files.area, file)) return file;
  try {
    resolveInSandbox(files.area, file);
  } catch (err) {
    if (!(err instanceof ConfinementError)) throw err;
    throw new TemplateFunctionFailure(`${file} is outside the instance's sandbox area ${files.area}`);
  }
  return file;
}

/** Like `resolveTargetFile` but returns `undefined` instead of throwing (for naming the file in errors). */
export function tryResolveTargetFile(arg: string, ctx: TemplateContext): string | undefined {
  try {
    return resolveTargetFile(arg, ctx);
  } catch {
    return undefined;
  }
}
