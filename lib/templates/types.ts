/** Context for evaluating template functions (`{{csv_count:ID:TARGET_FILE[csv1]}}`) in answer keys. */
export interface TemplateContext {
  /** Relative paths resolve against this directory (the run's sandbox root). */
  baseDir: string;
  /** Components of the instance, for `TARGET_FILE[name]`; `targetFile` is the fully resolved path. */
  components: ReadonlyArray<{ name: string; targetFile: string }>;
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
