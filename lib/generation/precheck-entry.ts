import type { ComponentSpec } from '../definitions/types';

/** Per-component outcome of sandbox generation, as recorded in `precheck.jsonl` (spec §6.2). */
export interface ComponentGeneration {
  name: string;
  type: string;
  target_file_resolved: string;
  files_created: string[];
  errors: string[];
}

export interface SandboxGeneration {
  components?: ComponentGeneration[];
  all_files_created?: string[];
  generation_successful: boolean;
  errors: string[];
  timestamp: string;
}

/**
 * One test instance: a line of `precheck.jsonl`. Keys appear in the reference's order (spec §6.2);
 * variable values (`entity1`, `number1:5:9:integer`, …) sit between `substituted_question` and
 * `sandbox_components`.
 */
export interface PrecheckEntry {
  scoring_type: string;
  question_id: number | string;
  sample_number: number;
  template: string;
  substituted_question: string;
  sandbox_components?: ComponentSpec[];
  sandbox_generation?: SandboxGeneration;
  file_to_read?: string;
  expected_content_before_template_functions?: string;
  expected_content?: string;
  files_to_check?: string[];
  expected_paths?: string[];
  expected_response_before_template_functions?: string;
  expected_response?: string;
  /** Variables (`entity1`, `semantic1:city`, …) and any extra keys. */
  [key: string]: unknown;
}

/** `q{question_id}_s{sample_number}`: the item key used in file names and events. */
export function itemKey(questionId: number | string, sample: number): string {
  return `q${questionId}_s${sample}`;
}
