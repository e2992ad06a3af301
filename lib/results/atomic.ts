import { renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

let counter = 0;

/** Writes a file under a temporary name and renames it into place, so no reader ever sees half a file. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  counter += 1;
  const tmp = `${file}.tmp-${process.pid}-${counter}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** `writeFileAtomic` without blocking the event loop. */
export async function writeFileAtomicAsync(file: string, content: string | Buffer): Promise<void> {
  counter += 1;
  const tmp = `${file}.tmp-${process.pid}-${counter}`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
