/**
 * Cache of parsed files for template evaluation. The reference re-reads a file on every call; answer keys
 * for thousands of instances read the same few files many times, so parsed content is reused while the
 * file's mtime, size and inode stay the same.
 */
import fs from 'node:fs';
import type { TemplateCache } from './types';

interface Entry {
  stamp: string;
  value: unknown;
  dispose?: (value: unknown) => void;
}

/** How many parsed files to keep: answer keys of one instance read a few files; a precheck visits thousands. */
const MAX_ENTRIES = 64;

class FileStampCache implements TemplateCache {
  /** Insertion-ordered: the first key is the least recently used. */
  private readonly entries = new Map<string, Entry>();

  get<T>(kind: string, file: string, load: () => T, dispose?: (value: T) => void): T {
    const st = fs.statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    const key = `${kind}\0${file}`;
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    if (hit) this.drop(key, hit);
    const value = load();
    this.entries.set(key, { stamp, value, dispose: dispose as ((v: unknown) => void) | undefined });
    while (this.entries.size > MAX_ENTRIES) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldest, entry);
    }
    return value;
  }

  close(): void {
    for (const [key, entry] of this.entries) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    entry.dispose?.(entry.value);
  }
}

/** A cache to share across many `evaluateTemplates` calls; call `close()` when done. */
export function createTemplateCache(): TemplateCache {
  return new FileStampCache();
}
