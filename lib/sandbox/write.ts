import { sqliteImage } from './sqlite-memory';
import type { GeneratedFile } from './types';
import { writeFileData, type FileData } from './write-files';

export { sqliteImage } from './sqlite-memory';
export { writeFileData, type FileData } from './write-files';

/**
 * The only place where sandbox content touches the disk. Parent directories are created, existing files
 * overwritten (an SQLite file is replaced whole, so no stale tables survive). Returns the absolute paths
 * written, in order.
 */
export function writeGeneratedFiles(files: readonly GeneratedFile[]): string[] {
  return writeFileData(files.map(fileData));
}

/** The bytes of a generated file: its text, or the image of its SQLite database (empty without tables). */
export function fileData(file: GeneratedFile): FileData {
  return { path: file.path, data: file.kind === 'text' ? file.content : (sqliteImage(file.tables) ?? '') };
}
