import { renameSync, writeFileSync } from 'node:fs';

let counter = 0;

/** Writes a file under a temporary name and renames it into place, so no reader ever sees half a file. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  counter += 1;
  const tmp = `${file}.tmp-${process.pid}-${counter}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

