/**
 * Checked instances held compactly between the check and the write, for runs too large to hold as objects: each
 * instance's `precheck.jsonl` line and its files' bytes, packed `BATCH` instances at a time into one deflated
 * buffer, outside the JS heap. Held as objects, 100,000 quick-start instances took ≈ 200 MB of heap that V8 then
 * grew to a multiple of; packed, they take a few tens of MB (docs/benchmarks.md).
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FileData } from '../sandbox/write-files';

/** One held instance: its precheck line (no newline) and its files. */
export interface HeldInstance {
  line: string;
  files: FileData[];
}

/** Instances per deflated batch (≈ 100–300 KB of lines and files for the bundled suites). */
const BATCH = 256;
/** Fastest deflate: the lines repeat their paths and keys, so even level 1 packs them several times. */
const LEVEL = 1;
const TEXT = 0;
const BYTES = 1;

/** Instances packed in order; read back once, in order, by `take`. */
export class HeldBatches {
  private readonly batches: Array<Buffer | undefined> = [];
  private parts: Buffer[] = [];
  private inBatch = 0;
  private packed = 0;
  private taken = false;
  /** Instances added. */
  count = 0;

  add(line: string, files: readonly FileData[]): void {
    if (this.taken) throw new Error('HeldBatches: add after take');
    const head = Buffer.allocUnsafe(8);
    const text = Buffer.from(line, 'utf8');
    head.writeUInt32LE(text.length, 0);
    head.writeUInt32LE(files.length, 4);
    this.parts.push(head, text);
    for (const f of files) {
      const path = Buffer.from(f.path, 'utf8');
      const data = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
      const fh = Buffer.allocUnsafe(9);
      fh.writeUInt8(typeof f.data === 'string' ? TEXT : BYTES, 0);
      fh.writeUInt32LE(path.length, 1);
      fh.writeUInt32LE(data.length, 5);
      this.parts.push(fh, path, data instanceof Buffer ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
    this.count++;
    if (++this.inBatch === BATCH) this.seal();
  }

  /** Deflated bytes of the batches sealed so far (every `BATCH` instances, and at `take`). */
  get bytes(): number {
    return this.packed;
  }

  /** The instances in the order added, each batch inflated when reached and let go as it is read. Once. */
  *take(): Generator<HeldInstance> {
    if (this.taken) throw new Error('HeldBatches: taken twice');
    this.seal();
    this.taken = true;
    for (let b = 0; b < this.batches.length; b++) {
      const raw = inflateRawSync(this.batches[b]!);
      this.batches[b] = undefined;
      yield* unpack(raw);
    }
  }

  /** Packs the instances added since the last batch. */
  private seal(): void {
    if (this.inBatch === 0) return;
    const packed = deflateRawSync(Buffer.concat(this.parts), { level: LEVEL, strategy: constants.Z_DEFAULT_STRATEGY });
    this.batches.push(packed);
    this.packed += packed.length;
    this.parts = [];
    this.inBatch = 0;
  }
}

function* unpack(raw: Buffer): Generator<HeldInstance> {
  let at = 0;
  while (at < raw.length) {
    const lineLength = raw.readUInt32LE(at);
    const fileCount = raw.readUInt32LE(at + 4);
    at += 8;
    const line = raw.toString('utf8', at, at + lineLength);
    at += lineLength;
    const files: FileData[] = [];
    for (let i = 0; i < fileCount; i++) {
      const kind = raw.readUInt8(at);
      const pathLength = raw.readUInt32LE(at + 1);
      const dataLength = raw.readUInt32LE(at + 5);
      at += 9;
      const path = raw.toString('utf8', at, at + pathLength);
      at += pathLength;
      // Bytes are copied out of the batch, so a file kept by the writer thread does not keep the batch alive.
      const data = kind === TEXT ? raw.toString('utf8', at, at + dataLength) : Buffer.from(raw.subarray(at, at + dataLength));
      at += dataLength;
      files.push({ path, data });
    }
    yield { line, files };
  }
}
