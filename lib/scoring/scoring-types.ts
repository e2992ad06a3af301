/** The six scoring types of the reference (spec §8.4), in its documentation order. */
export const scoringTypes = [
  'stringmatch',
  'jsonmatch',
  'files_exist',
  'directory_structure',
  'readfile_stringmatch',
  'readfile_jsonmatch',
] as const;

export type ScoringType = (typeof scoringTypes)[number];
