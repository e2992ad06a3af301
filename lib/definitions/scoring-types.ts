/**
 * The scoring types (spec §8.4, in the reference's documentation order) and the definition fields each one requires
 * to be present and non-empty (spec §2.2; `readfile_stringmatch` may omit `expected_content`).
 *
 * This is the definition-facing half of each scorer: definition syntax, plain data with no imports, so it lives in
 * `lib/definitions` (which builds its `scoring_type` enum and required-field checks from it) and `lib/scoring`, above,
 * imports it. Everything else about a scorer is its descriptor (`ScorerDescriptor`, one file per scorer), which
 * `lib/scoring/registry.ts` maps from every id here; TypeScript rejects a missing or extra descriptor.
 */
export const requiredScoringFields = {
  stringmatch: ['expected_response'],
  jsonmatch: ['expected_response'],
  files_exist: ['files_to_check'],
  directory_structure: ['expected_structure'],
  readfile_stringmatch: ['file_to_read'],
  readfile_jsonmatch: ['file_to_read', 'expected_content'],
} as const satisfies Record<string, readonly string[]>;

export type ScoringType = keyof typeof requiredScoringFields;

export const scoringTypes = Object.keys(requiredScoringFields) as readonly ScoringType[] as readonly [ScoringType, ...ScoringType[]];
