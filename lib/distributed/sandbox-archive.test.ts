import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packSandbox, SandboxArchiveError, unpackSandbox } from './sandbox-archive';

const tmp = () => mkdtempSync(join(tmpdir(), 'picard-archive-'));

describe('sandbox archive', () => {
  it('carries files (binary too) and empty folders, and replaces the target area exactly', async () => {
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
    await unpackSandbox(archive, dst);
    expect(readdirSync(dst).sort()).toEqual(['a', 'empty', 'top.txt']);
    expect(readdirSync(join(dst, 'a/b'))).toEqual(['data.bin']);
    expect(statSync(join(dst, 'top.txt')).ino).toBe(ino);
    expect([...readFileSync(join(dst, 'a/b/data.bin'))]).toEqual([0, 1, 2, 255]);
    expect(readFileSync(join(dst, 'top.txt'), 'utf8')).toBe('héllo\n');
  });

  it('cuts at the size cap, says so, and lays an incomplete archive over what is there', async () => {
    const src = tmp();
    writeFileSync(join(src, 'a.txt'), 'x'.repeat(600));
    writeFileSync(join(src, 'b.txt'), 'y'.repeat(600));
    symlinkSync('/etc/passwd', join(src, 'link'));
    const archive = packSandbox(src, 1000);
    expect(archive.note).toMatch(/1 file\(s\), 600 bytes, left out: the area is over the 1000-byte cap; 1 symbolic link\(s\) left out/);
    const dst = tmp();
    writeFileSync(join(dst, 'b.txt'), 'generated');
    await unpackSandbox(archive, dst);
    expect(readFileSync(join(dst, 'a.txt'), 'utf8')).toHaveLength(600);
    expect(readFileSync(join(dst, 'b.txt'), 'utf8')).toBe('generated');
    expect(existsSync(join(dst, 'link'))).toBe(false);
  });

  it('refuses paths that lead outside the area before writing anything', async () => {
    const evil = gzipSync(JSON.stringify({ dirs: [], files: [{ path: 'ok.txt', data: '' }, { path: '../escape.txt', data: Buffer.from('x').toString('base64') }] })).toString('base64');
    const parent = tmp();
    const dst = join(parent, 'area');
    mkdirSync(dst);
    writeFileSync(join(dst, 'keep.txt'), 'k');
    await expect(unpackSandbox({ data: evil }, dst)).rejects.toThrow(SandboxArchiveError);
    expect(existsSync(join(parent, 'escape.txt'))).toBe(false);
    expect(readdirSync(dst)).toEqual(['keep.txt']);
    const abs = gzipSync(JSON.stringify({ dirs: ['/etc'], files: [] })).toString('base64');
    await expect(unpackSandbox({ data: abs }, dst)).rejects.toThrow(/bad path/);
    await expect(unpackSandbox({ data: 'not-gzip' }, dst)).rejects.toThrow(/unreadable sandbox archive/);
  });
});
