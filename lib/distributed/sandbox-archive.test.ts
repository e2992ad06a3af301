import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packSandbox, SandboxArchiveError, unpackSandbox } from './sandbox-archive';

const tmp = () => mkdtempSync(join(tmpdir(), 'picard-archive-'));

describe('sandbox archive', () => {
  it('carries files (binary too) and empty folders, and replaces the target area exactly', () => {
    const src = tmp();
    mkdirSync(join(src, 'a/b'), { recursive: true });
    mkdirSync(join(src, 'empty'));
    writeFileSync(join(src, 'a/b/data.bin'), Buffer.from([0, 1, 2, 255]));
    writeFileSync(join(src, 'top.txt'), 'héllo\n');
    const archive = packSandbox(src, 1024);
    expect(archive.note).toBeUndefined();
    const dst = tmp();
    writeFileSync(join(dst, 'stale.txt'), 'left by precheck, deleted by the agent');
    mkdirSync(join(dst, 'a/b'), { recursive: true });
    mkdirSync(join(dst, 'gone/deeper'), { recursive: true });
    writeFileSync(join(dst, 'a/b/old.txt'), 'deleted too');
    writeFileSync(join(dst, 'top.txt'), 'héllo\n'); // unchanged since precheck: left as it is
    const ino = statSync(join(dst, 'top.txt')).ino;
    unpackSandbox(archive, dst);
    expect(readdirSync(dst).sort()).toEqual(['a', 'empty', 'top.txt']);
    expect(readdirSync(join(dst, 'a/b'))).toEqual(['data.bin']);
    expect(statSync(join(dst, 'top.txt')).ino).toBe(ino);
    expect([...readFileSync(join(dst, 'a/b/data.bin'))]).toEqual([0, 1, 2, 255]);
    expect(readFileSync(join(dst, 'top.txt'), 'utf8')).toBe('héllo\n');
  });

  it('cuts at the size cap, says so, and lays an incomplete archive over what is there', () => {
    const src = tmp();
    writeFileSync(join(src, 'a.txt'), 'x'.repeat(600));
    writeFileSync(join(src, 'b.txt'), 'y'.repeat(600));
    symlinkSync('/etc/passwd', join(src, 'link'));
    const archive = packSandbox(src, 1000);
    expect(archive.note).toMatch(/1 file\(s\), 600 bytes, left out: the area is over the 1000-byte cap; 1 symbolic link\(s\) left out/);
    const dst = tmp();
    writeFileSync(join(dst, 'b.txt'), 'generated');
    unpackSandbox(archive, dst);
    expect(readFileSync(join(dst, 'a.txt'), 'utf8')).toHaveLength(600);
    expect(readFileSync(join(dst, 'b.txt'), 'utf8')).toBe('generated');
    expect(existsSync(join(dst, 'link'))).toBe(false);
  });

  it('refuses paths that lead outside the area before writing anything', () => {
    const evil = gzipSync(JSON.stringify({ dirs: [], files: [{ path: 'ok.txt', data: '' }, { path: '../escape.txt', data: Buffer.from('x').toString('base64') }] })).toString('base64');
    const parent = tmp();
    const dst = join(parent, 'area');
    mkdirSync(dst);
    writeFileSync(join(dst, 'keep.txt'), 'k');
    expect(() => unpackSandbox({ data: evil }, dst)).toThrow(SandboxArchiveError);
    expect(existsSync(join(parent, 'escape.txt'))).toBe(false);
    expect(readdirSync(dst)).toEqual(['keep.txt']);
    const abs = gzipSync(JSON.stringify({ dirs: ['/etc'], files: [] })).toString('base64');
    expect(() => unpackSandbox({ data: abs }, dst)).toThrow(/bad path/);
    expect(() => unpackSandbox({ data: 'not-gzip' }, dst)).toThrow(/unreadable sandbox archive/);
  });

  it('puts a file where a folder was and a folder where a file was, complete or cut, without following links', () => {
    const src = tmp();
    mkdirSync(join(src, 'was-file'));
    writeFileSync(join(src, 'was-file/inner.txt'), 'in');
    writeFileSync(join(src, 'was-dir'), 'now a file');
    writeFileSync(join(src, 'was-link'), 'real');
    const complete = packSandbox(src, 1 << 20);
    writeFileSync(join(src, 'big.txt'), 'z'.repeat(2 << 20));
    const cut = packSandbox(src, 1 << 20);
    expect(cut.note).toMatch(/left out/);
    for (const archive of [complete, cut]) {
      const dst = tmp();
      const outside = tmp();
      writeFileSync(join(dst, 'was-file'), 'old');
      mkdirSync(join(dst, 'was-dir/sub'), { recursive: true });
      writeFileSync(join(dst, 'was-dir/sub/x'), 'old');
      writeFileSync(join(outside, 'target'), 'must stay');
      symlinkSync(join(outside, 'target'), join(dst, 'was-link'));
      unpackSandbox(archive, dst);
      expect(readFileSync(join(dst, 'was-file/inner.txt'), 'utf8')).toBe('in');
      expect(readFileSync(join(dst, 'was-dir'), 'utf8')).toBe('now a file');
      expect(lstatSync(join(dst, 'was-link')).isFile()).toBe(true);
      expect(readFileSync(join(outside, 'target'), 'utf8')).toBe('must stay');
    }
  });
});
