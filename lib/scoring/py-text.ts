/**
 * Python text semantics the scorers depend on: text-mode file reads (strict UTF-8 with
 * Python's decode error messages, universal newlines) and `OSError` messages (`[Errno 21] Is a directory: '…'`).
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { PyError, pyStrRepr } from '../py';

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EPERM: [1, 'Operation not permitted'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENAMETOOLONG: [36, 'File name too long'],
  EINVAL: [22, 'Invalid argument'],
  EMFILE: [24, 'Too many open files'],
};

/** Python `str(OSError)` for a Node fs error on `filename` (`[Errno 21] Is a directory: '/x'`). */
export function pyOsErrorMessage(err: unknown, filename: string): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const known = ERRNO[code];
  if (known) return `[Errno ${known[0]}] ${known[1]}: ${pyStrRepr(filename)}`;
  const errno = Math.abs((err as NodeJS.ErrnoException).errno ?? 0);
  return `[Errno ${errno}] ${(err as Error).message}: ${pyStrRepr(filename)}`;
}

/**
 * `Path.exists()`-style stat: missing paths (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG) give null, like pathlib's
 * ignored errors; anything else (permission denied) raises as Python would.
 */
export function pyStat(checkPath: string, displayPath: string): Stats | null {
  try {
    // A missing path returns undefined instead of throwing (an error object and its stack cost more than the stat).
    return statSync(checkPath, { throwIfNoEntry: false }) ?? null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG' || code === 'EBADF') return null;
    throw new PyError(pyOsErrorMessage(err, displayPath));
  }
}

/**
 * `open(path, 'r', encoding='utf-8').read()`: strict UTF-8 (a BOM is kept), then universal newlines
 * (`\r\n` and lone `\r` become `\n`). Errors carry Python's exact text.
 */
export function readTextPy(checkPath: string, displayPath: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(checkPath);
  } catch (err) {
    throw new PyError(pyOsErrorMessage(err, displayPath));
  }
  return textOf(buf);
}

function textOf(buf: Buffer): string {
  return decodeUtf8Py(buf).replace(/\r\n?/g, '\n');
}

/** The errors for which `pyStat` says a path does not exist (pathlib's ignored errors). */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EBADF']);

/**
 * `if path.exists(): text = open(path).read()` without the separate stat when the read itself tells: the bytes read
 * (the file exists), `missing` (the open failed the way a stat would: the path does not exist), or `unsure` (any other
 * error: the caller goes the long way, `pyStat` then `readTextPy`, for Python's exact outcome).
 */
export function readIfPresentPy(checkPath: string): { buf: Buffer } | 'missing' | 'unsure' {
  // Only the error's code is looked at: no stack trace to capture (a wrong answer's missing file is common).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { buf: readFileSync(checkPath) };
  } catch (err) {
    return MISSING.has((err as NodeJS.ErrnoException).code ?? '') ? 'missing' : 'unsure';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** `readTextPy` of bytes already read (`readIfPresentPy`): the same decoding, the same errors. */
export function textPy(buf: Buffer): string {
  return textOf(buf);
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decode; on failure, Python's `UnicodeDecodeError` message. */
export function decodeUtf8Py(buf: Uint8Array): string {
  try {
    return decoder.decode(buf);
  } catch {
    throw new PyError(utf8ErrorMessage(buf));
  }
}

/** Valid range of the second byte for a lead byte (Unicode Table 3-7), or null for an invalid start byte. */
function leadInfo(b: number): { need: number; lo: number; hi: number } | null {
  if (b >= 0xc2 && b <= 0xdf) return { need: 1, lo: 0x80, hi: 0xbf };
  if (b === 0xe0) return { need: 2, lo: 0xa0, hi: 0xbf };
  if (b === 0xed) return { need: 2, lo: 0x80, hi: 0x9f };
  if (b >= 0xe1 && b <= 0xef) return { need: 2, lo: 0x80, hi: 0xbf };
  if (b === 0xf0) return { need: 3, lo: 0x90, hi: 0xbf };
  if (b === 0xf4) return { need: 3, lo: 0x80, hi: 0x8f };
  if (b >= 0xf1 && b <= 0xf3) return { need: 3, lo: 0x80, hi: 0xbf };
  return null;
}

/** Finds the first invalid sequence and words it like CPython's UTF-8 decoder (maximal subpart). */
export function utf8ErrorMessage(buf: Uint8Array): string {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const info = leadInfo(b);
    if (!info) return utf8Msg(buf, i, i + 1, 'invalid start byte');
    let ok = 1;
    for (let k = 1; k <= info.need; k++) {
      if (i + k >= buf.length) return utf8Msg(buf, i, buf.length, 'unexpected end of data');
      const c = buf[i + k];
      const [lo, hi] = k === 1 ? [info.lo, info.hi] : [0x80, 0xbf];
      if (c < lo || c > hi) return utf8Msg(buf, i, i + ok, 'invalid continuation byte');
      ok++;
    }
    i += info.need + 1;
  }
  return "'utf-8' codec can't decode: unknown error";
}

function utf8Msg(buf: Uint8Array, start: number, end: number, reason: string): string {
  if (end - start === 1) {
    return `'utf-8' codec can't decode byte 0x${buf[start].toString(16).padStart(2, '0')} in position ${start}: ${reason}`;
  }
  return `'utf-8' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
}
