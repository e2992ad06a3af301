/** The six sandbox generator component types (spec §2.3, §5). The definitions schema and the generator registry derive from this list. */
export const generatorTypes = ['create_files', 'create_csv', 'create_sqlite', 'create_json', 'create_yaml', 'create_xml'] as const;

/** One of {@link generatorTypes}. */
export type GeneratorType = (typeof generatorTypes)[number];
