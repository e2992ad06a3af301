import type { Rng } from '../util/rng';

/** Produces realistic values for semantic data types (`person_name`, `salary`, …); seeded through the Rng. */
export interface DataSource {
  /** Value for a semantic type name (spec §5.2); unknown names give 1-3 lorem words. */
  field(type: string): string;
  /** Header name → semantic type (spec §5.3). */
  detectType(header: string): string;
  lorem: {
    word(): string;
    words(n: number): string;
    sentence(): string;
    paragraph(): string;
  };
}

export interface GeneratorContext {
  rng: Rng;
  data: DataSource;
}

/** A table of a generated SQLite database. `ddl` is the exact CREATE TABLE statement. */
export interface SqliteTable {
  name: string;
  ddl: string;
  rows: Array<Array<string | number | null>>;
}

/** A file a generator wants on disk. Generators return content; only `write.ts` touches the disk. */
export type GeneratedFile =
  | {
      path: string;
      kind: 'text';
      content: string;
      /** A generated CSV's rows as the answer keys' CSV reader (`parseCsv`) reads `content` back, when known to be those. */
      csvRows?: string[][];
    }
  | { path: string; kind: 'sqlite'; tables: SqliteTable[] };

/**
 * A sandbox generator (`create_csv`, …). `content` is the component's `content` with the instance's
 * variables already substituted; `targetFile` is absolute. Throws on bad specs.
 */
export type Generator = (targetFile: string, content: Record<string, unknown>, ctx: GeneratorContext) => GeneratedFile[];

/** Clutter generation for a component: extra distractor files near the target. */
export type ClutterGenerator = (targetFile: string, count: number, ctx: GeneratorContext) => GeneratedFile[];
