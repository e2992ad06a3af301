import type { GeneratedFiles } from '../sandbox/instance-files';

/** Context for evaluating template functions (`{{csv_count:ID:TARGET_FILE[csv1]}}`) in answer keys. */
export interface TemplateContext {
  /** Relative paths resolve against this directory (the run's sandbox root). */
  baseDir: string;
  /** Components of the instance, for `TARGET_FILE[name]`; `targetFile` is the fully resolved path. */
  components: ReadonlyArray<{ name: string; targetFile: string }>;
  /**
   * Optional cache of parsed files shared across evaluations (keyed by path, mtime and size).
   * Without one, `evaluateTemplates` uses a fresh cache per call. See `createTemplateCache`.
   */
  cache?: TemplateCache;
  /**
   * The instance's generated files, still in memory (set during generation): template functions read them
   * from here and fall back to the disk for anything else, and paths outside `files.area` are refused.
   */
  files?: GeneratedFiles;
}

/** Parsed-file cache: `load` runs only when `file` changed since it was last loaded under `kind`. */
export interface TemplateCache {
  get<T>(kind: string, file: string, load: () => T, dispose?: (value: T) => void): T;
  /** Releases held resources (open SQLite handles). */
  close(): void;
}

/** A template function: receives the colon-separated arguments (already trimmed), returns the text to insert. */
export type TemplateFunction = (args: string[], ctx: TemplateContext) => string;

/** Raised when a template function fails; names the function, its arguments and the file. */
export class TemplateError extends Error {
  readonly code = 'TEMPLATE_FUNCTION_FAILED';
  constructor(
    message: string,
    readonly fn: string,
    readonly args: string[],
    readonly file?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** A registered template function: its accepted argument counts and the reference's usage error. */
export interface TemplateFunctionSpec {
  /** Accepted argument counts (`json_count` takes 1 or 2). */
  arity: number | number[];
  /**
   * Index of the argument that may contain `:` (SQL, JSON/XPath expressions, filter values): with more
   * colon-separated parts than the arity allows, the leading and trailing arguments are split from the
   * ends and this one takes the middle remainder.
   */
  greedy?: number;
  /** The reference's argument-count error, e.g. `csv_row requires exactly 2 arguments: row_number, file_path`. */
  usage: string;
  fn: TemplateFunction;
}
