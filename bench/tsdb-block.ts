/**
 * Writes a Prometheus TSDB block (index v2, XOR chunks) straight from generated samples, so that a
 * benchmark can give Prometheus months of node_exporter series for a city-scale fleet in minutes:
 * OpenMetrics text for promtool would be tens of gigabytes for the same samples. The layout follows
 * Prometheus' own description (tsdb/docs/format: index.md, chunks.md, and the Gorilla XOR encoding of
 * chunkenc/xor.go); the test reads a block back with `promtool tsdb dump`, Prometheus' own reader.
 *
 * Series are given as label sets and a callback that yields their samples; the writer sorts them the
 * way Prometheus orders label sets, cuts chunks of 120 samples (as the head block does) and streams
 * them into 512 MiB segments, holding only chunk references in memory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type Labels = readonly (readonly [name: string, value: string])[];

export interface BlockSeries {
  labels: Labels;
  /** Sample times in milliseconds, ascending, and their values; read before the next series is asked for. */
  samples(): { times: ArrayLike<number>; values: ArrayLike<number> };
}

export interface WrittenBlock {
  ulid: string;
  dir: string;
  minTime: number;
  maxTime: number;
  series: number;
  chunks: number;
  samples: number;
  bytes: number;
}

const SAMPLES_PER_CHUNK = 120;
const SEGMENT_BYTES = 512 * 1024 * 1024;
const CHUNKS_MAGIC = 0x85bd40dd;
const INDEX_MAGIC = 0xbaaad700;
const INDEX_VERSION = 2;
const ENCODING_XOR = 1;

// --- CRC-32C (Castagnoli), as every checksum of a block is -----------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// --- a growable byte buffer with Go's varints (numbers up to 2^53, which holds every millisecond time) ----

class Bytes {
  buf = Buffer.alloc(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  be32(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }
  be64(v: number): void {
    this.room(8);
    this.buf.writeBigUInt64BE(BigInt(v), this.length);
    this.length += 8;
  }
  uvarint(v: number): void {
    this.room(10);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }
  /** Go's zig-zag signed varint. */
  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  string(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.uvarint(b.length);
    this.bytes(b);
  }
  padTo(alignment: number, base = 0): void {
    while ((base + this.length) % alignment !== 0) this.byte(0);
  }
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
  reset(): void {
    this.length = 0;
  }
}

// --- the XOR chunk encoding (Gorilla, with Prometheus' millisecond timestamp buckets) ---------------------

const float = new DataView(new ArrayBuffer(8));

class XorChunk {
  private out = new Uint8Array(2 + 10 + 8 + 10 + SAMPLES_PER_CHUNK * 20);
  private bytePos = 2;
  private bitPos = 0; // bits used in out[bytePos], 0–7
  private count = 0;
  private t = 0;
  private tDelta = 0;
  private hi = 0; // the previous value's bits
  private lo = 0;
  private leading = 0xff;
  private trailing = 0;

  private bits(value: number, n: number): void {
    // n ≤ 32; the lowest n bits of value, most significant first.
    while (n > 0) {
      const free = 8 - this.bitPos;
      const take = Math.min(free, n);
      const part = (value >>> (n - take)) & ((1 << take) - 1);
      this.out[this.bytePos]! |= part << (free - take);
      n -= take;
      this.bitPos += take;
      if (this.bitPos === 8) {
        this.bitPos = 0;
        this.out[++this.bytePos] = 0;
      }
    }
  }
  private bits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.bits(hi, n - 32);
      this.bits(lo, 32);
    } else {
      this.bits(lo, n);
    }
  }
  /** Go's uvarint, at a byte boundary (the first two samples only). */
  private uvarint(v: number): void {
    while (v >= 0x80) {
      this.bits((v % 0x80) | 0x80, 8);
      v = Math.floor(v / 0x80);
    }
    this.bits(v, 8);
  }

  append(t: number, v: number): void {
    float.setFloat64(0, v);
    const hi = float.getUint32(0);
    const lo = float.getUint32(4);
    if (this.count === 0) {
      this.out.fill(0);
      this.uvarint(t >= 0 ? t * 2 : -t * 2 - 1); // zig-zag, as Go's varint
      this.bits(hi, 32);
      this.bits(lo, 32);
    } else if (this.count === 1) {
      this.tDelta = t - this.t;
      this.uvarint(this.tDelta);
      this.value(hi, lo);
    } else {
      const delta = t - this.t;
      const dod = delta - this.tDelta;
      this.tDelta = delta;
      if (dod === 0) this.bits(0, 1);
      else if (dod >= -8191 && dod <= 8192) this.bits((0b10 << 14) | (dod & 0x3fff), 16);
      else if (dod >= -65535 && dod <= 65536) this.bits((0b110 << 17) | (dod & 0x1ffff), 20);
      else if (dod >= -524287 && dod <= 524288) this.bits((0b1110 << 20) | (dod & 0xfffff), 24);
      else {
        this.bits(0b1111, 4);
        this.bits64(Math.floor(dod / 2 ** 32) >>> 0, dod >>> 0, 64);
      }
      this.value(hi, lo);
    }
    this.t = t;
    this.hi = hi;
    this.lo = lo;
    this.count++;
  }

  private value(hi: number, lo: number): void {
    const xhi = (hi ^ this.hi) >>> 0;
    const xlo = (lo ^ this.lo) >>> 0;
    if (xhi === 0 && xlo === 0) {
      this.bits(0, 1);
      return;
    }
    this.bits(1, 1);
    let leading = xhi !== 0 ? Math.clz32(xhi) : 32 + Math.clz32(xlo);
    const trailing = xlo !== 0 ? 31 - Math.clz32(xlo & -xlo) : 32 + 31 - Math.clz32(xhi & -xhi);
    if (leading >= 32) leading = 31;
    if (this.leading !== 0xff && leading >= this.leading && trailing >= this.trailing) {
      this.bits(0, 1);
      this.shifted(xhi, xlo, this.trailing, 64 - this.leading - this.trailing);
      return;
    }
    this.leading = leading;
    this.trailing = trailing;
    const significant = 64 - leading - trailing;
    this.bits(1, 1);
    this.bits(leading, 5);
    this.bits(significant & 0x3f, 6); // 64 is written as 0, as Prometheus does
    this.shifted(xhi, xlo, trailing, significant);
  }

  private shifted(hi: number, lo: number, by: number, n: number): void {
    let shi = hi;
    let slo = lo;
    if (by >= 32) {
      slo = hi >>> (by - 32);
      shi = 0;
    } else if (by > 0) {
      slo = ((lo >>> by) | (hi << (32 - by))) >>> 0;
      shi = hi >>> by;
    }
    this.bits64(shi, slo, n);
  }

  /** The chunk's data: sample count and bits, padded to a byte. */
  data(): Uint8Array {
    this.out[0] = this.count >>> 8;
    this.out[1] = this.count & 0xff;
    const end = this.bitPos === 0 ? this.bytePos : this.bytePos + 1;
    return this.out.subarray(0, end);
  }

  reset(): void {
    this.bytePos = 2;
    this.bitPos = 0;
    this.count = 0;
    this.leading = 0xff;
    this.trailing = 0;
  }
}

// --- labels, ULIDs, the block ------------------------------------------------------------------------------

/** Prometheus' order of label sets: pair by pair, names then values (bytes), then the shorter first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [an, av] = a[i]!;
    const [bn, bv] = b[i]!;
    if (an !== bn) return Buffer.compare(Buffer.from(an), Buffer.from(bn));
    if (av !== bv) return Buffer.compare(Buffer.from(av), Buffer.from(bv));
  }
  return a.length - b.length;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (the name of a block's directory): 48 bits of milliseconds, 80 random bits, Crockford base 32. */
export function ulid(at = Date.now()): string {
  let time = '';
  let ms = at;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32]! + time;
    ms = Math.floor(ms / 32);
  }
  const random = randomBytes(10);
  let bits = 0n;
  for (const b of random) bits = (bits << 8n) | BigInt(b);
  let rest = '';
  for (let i = 0; i < 16; i++) {
    rest = CROCKFORD[Number(bits & 31n)]! + rest;
    bits >>= 5n;
  }
  return time + rest;
}

class SegmentWriter {
  private fd = -1;
  private readonly pending = new Bytes();
  private index = -1;
  private offset = 0;
  bytes = 0;
  private readonly frame = new Bytes();
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Writes one chunk; returns its reference (segment index in the upper 32 bits, offset in the lower). */
  write(data: Uint8Array): number {
    this.frame.reset();
    this.frame.uvarint(data.length);
    const crcFrom = this.frame.length;
    this.frame.byte(ENCODING_XOR);
    this.frame.bytes(data);
    const crc = crc32c(this.frame.buf, crcFrom, this.frame.length);
    this.frame.be32(crc);
    if (this.fd < 0 || this.offset + this.frame.length > SEGMENT_BYTES) this.next();
    const ref = this.index * 2 ** 32 + this.offset;
    this.pending.bytes(this.frame.view());
    if (this.pending.length >= 1 << 20) this.flush();
    this.offset += this.frame.length;
    this.bytes += this.frame.length;
    return ref;
  }

  private flush(): void {
    writeSync(this.fd, this.pending.buf, 0, this.pending.length);
    this.pending.reset();
  }

  private next(): void {
    if (this.fd >= 0) {
      this.flush();
      closeSync(this.fd);
    }
    this.index++;
    this.fd = openSync(join(this.dir, String(this.index + 1).padStart(6, '0')), 'w');
    const header = Buffer.alloc(8);
    header.writeUInt32BE(CHUNKS_MAGIC, 0);
    header[4] = 1;
    writeSync(this.fd, header);
    this.offset = 8;
    this.bytes += 8;
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
  }
}

/** A section with a 4-byte length before and a CRC-32C of its body after. */
function section(out: Bytes, body: Bytes): void {
  out.be32(body.length);
  out.bytes(body.view());
  out.be32(crc32c(body.buf, 0, body.length));
}

/**
 * Writes `series` as one block under `dataDir` (a new directory named by a fresh ULID) and returns what
 * it holds. Prometheus picks it up when it (re)starts with `dataDir` as its storage path.
 */
export function writeBlock(dataDir: string, series: readonly BlockSeries[]): WrittenBlock {
  const id = ulid();
  const dir = join(dataDir, id);
  mkdirSync(join(dir, 'chunks'), { recursive: true });
  const labelsOf = series.map((s) => [...s.labels].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const order = series.map((_, i) => i).sort((a, b) => compareLabels(labelsOf[a]!, labelsOf[b]!));

  // Chunks first, in the order the series will have in the index.
  const segments = new SegmentWriter(join(dir, 'chunks'));
  const chunk = new XorChunk();
  const metas: number[][] = []; // per sorted series: mint, maxt, ref, mint, maxt, ref, …
  let minTime = Number.POSITIVE_INFINITY;
  let maxTime = Number.NEGATIVE_INFINITY;
  let samples = 0;
  let chunks = 0;
  for (const i of order) {
    const { times, values } = series[i]!.samples();
    const meta: number[] = [];
    for (let from = 0; from < times.length; from += SAMPLES_PER_CHUNK) {
      const to = Math.min(times.length, from + SAMPLES_PER_CHUNK);
      chunk.reset();
      for (let k = from; k < to; k++) chunk.append(times[k]!, values[k]!);
      meta.push(times[from]!, times[to - 1]!, segments.write(chunk.data()));
      chunks++;
    }
    if (times.length > 0) {
      minTime = Math.min(minTime, times[0]!);
      maxTime = Math.max(maxTime, times[times.length - 1]!);
    }
    samples += times.length;
    metas.push(meta);
  }
  segments.close();

  const symbols = [...new Set(labelsOf.flatMap((labels) => labels.flat()))].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const symbolIndex = new Map(symbols.map((s, i) => [s, i]));
  const index = new Bytes();
  index.be32(INDEX_MAGIC);
  index.byte(INDEX_VERSION);

  const symbolsAt = index.length;
  const body = new Bytes();
  body.be32(symbols.length);
  for (const s of symbols) body.string(s);
  section(index, body);

  // Series, each 16-byte aligned: its id is its offset / 16.
  index.padTo(16);
  const seriesAt = index.length;
  const postings = new Map<string, number[]>();
  const allIds: number[] = [];
  const entry = new Bytes();
  order.forEach((i, sorted) => {
    index.padTo(16);
    const seriesId = index.length / 16;
    const labels = labelsOf[i]!;
    entry.reset();
    entry.uvarint(labels.length);
    for (const [name, value] of labels) {
      entry.uvarint(symbolIndex.get(name)!);
      entry.uvarint(symbolIndex.get(value)!);
      const key = `${name}\u0000${value}`;
      const ids = postings.get(key);
      if (ids) ids.push(seriesId);
      else postings.set(key, [seriesId]);
    }
    const meta = metas[sorted]!;
    entry.uvarint(meta.length / 3);
    for (let c = 0; c < meta.length; c += 3) {
      const [mint, maxt, ref] = [meta[c]!, meta[c + 1]!, meta[c + 2]!];
      if (c === 0) {
        entry.varint(mint);
        entry.uvarint(maxt - mint);
        entry.uvarint(ref);
      } else {
        entry.uvarint(mint - meta[c - 2]!);
        entry.uvarint(maxt - mint);
        entry.varint(ref - meta[c - 1]!);
      }
    }
    index.uvarint(entry.length);
    index.bytes(entry.view());
    index.be32(crc32c(entry.buf, 0, entry.length));
    allIds.push(seriesId);
  });

  // No label indices (unused since index v2): an empty label offset table marks where they would be.
  index.padTo(4);
  const labelIndicesAt = index.length;
  const labelOffsetsAt = index.length;
  body.reset();
  body.be32(0);
  section(index, body);

  // Postings per label pair, the pair ("", "") listing every series; then the table that finds them.
  const keys = [...postings.keys()].sort((a, b) => {
    const [an, av] = a.split('\u0000') as [string, string];
    const [bn, bv] = b.split('\u0000') as [string, string];
    return Buffer.compare(Buffer.from(an), Buffer.from(bn)) || Buffer.compare(Buffer.from(av), Buffer.from(bv));
  });
  const table: [string, string, number][] = [];
  const postingsAt = index.length;
  for (const [key, ids] of [['\u0000', allIds] as const, ...keys.map((k) => [k, postings.get(k)!] as const)]) {
    index.padTo(4);
    const [name, value] = key.split('\u0000') as [string, string];
    table.push([name, value, index.length]);
    body.reset();
    body.be32(ids.length);
    for (const id of ids) body.be32(id);
    section(index, body);
  }
  const postingsTableAt = index.length;
  body.reset();
  body.be32(table.length);
  for (const [name, value, offset] of table) {
    body.uvarint(2);
    body.string(name);
    body.string(value);
    body.uvarint(offset);
  }
  section(index, body);

  const toc = new Bytes();
  for (const at of [symbolsAt, seriesAt, labelIndicesAt, labelOffsetsAt, postingsAt, postingsTableAt]) toc.be64(at);
  index.bytes(toc.view());
  index.be32(crc32c(toc.buf, 0, toc.length));
  writeFileSync(join(dir, 'index'), index.view());

  const meta = {
    ulid: id,
    minTime,
    maxTime: maxTime + 1,
    stats: { numSamples: samples, numSeries: series.length, numChunks: chunks },
    compaction: { level: 1, sources: [id] },
    version: 1,
  };
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, '\t')}\n`);
  return { ulid: id, dir, minTime, maxTime: maxTime + 1, series: series.length, chunks, samples, bytes: segments.bytes + index.length };
}
