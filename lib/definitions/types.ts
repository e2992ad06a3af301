/** Typed PICARD test definitions (spec §2). The zod schema in `schema.ts` produces exactly these shapes. */

/** One `sandbox_setup.components[]` entry. `content` is generator-specific and kept as parsed YAML. */
export interface ComponentSpec {
  type: string;
  name: string;
  target_file?: string;
  content?: Record<string, unknown>;
  config?: Record<string, unknown>;
  depends_on?: string[];
  /** Clutter settings (`clutter: {count: N}` or `config.clutter`): PICARD Live generates clutter; the reference never does. */
  clutter?: Record<string, unknown>;
}

/** One entry of the top-level `tests:` list. */
export interface TestDefinition {
  question_id: number | string;
  samples: number;
  template: string;
  scoring_type: string;
  expected_response?: string;
  file_to_read?: string;
  expected_content?: string;
  files_to_check?: string[];
  expected_structure?: string[];
  sandbox_setup?: { components: ComponentSpec[] };
  /** Where this test came from, for located errors later (file, YAML path, line). */
  source?: TestSource;
}

/** Where a test came from: its file, YAML path (`tests[3]`) and line, plus the positions of its fields. */
export interface TestSource {
  file: string;
  path: string;
  line: number;
  /**
   * 1-based positions of the fields generation reports on, keyed by the path relative to the test
   * (`template`, `sandbox_setup.components[0].target_file`, …); see `fieldPaths` in `parse.ts`.
   */
  positions?: Record<string, { line: number; column: number }>;
}

/** One located problem in a definitions file (an error inside `DefinitionError.issues`, or a warning). */
export interface DefinitionIssue {
  file: string;
  /** YAML path such as `tests[3].scoring_type`; `''` for the document root. */
  path: string;
  /** 1-based line of the offending node (for a missing key: of the mapping that lacks it). */
  line: number;
  /** 1-based column. */
  column: number;
  message: string;
  /** Stable code, e.g. `DEF_MISSING_FIELD`, `DEF_UNKNOWN_KEY` (see `lib/definitions/errors.ts`). */
  code: string;
}

export interface DefinitionsFile {
  file: string;
  tests: TestDefinition[];
  /** sha256 of the file bytes, recorded in the run manifest. */
  sha256: string;
  /** Non-fatal findings (unknown keys the reference silently ignores, YAML warnings). */
  warnings?: DefinitionIssue[];
}
