// Ids for the rows a bulk import writes, made in Node as the file is read:
// UUIDv7 (RFC 9562) — a millisecond timestamp, a 12-bit counter, then random
// bits — so they ascend in file order. Ascending keys append to the right edge
// of every index keyed on them (the primary keys, referral.participant_id, the
// composite foreign-key targets) instead of landing on random pages, and the
// rows need no INSERT … RETURNING join to be tied together.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 64 * 1024;

/** Random bytes drawn in 64 KiB refills: one small randomBytes() call per row costs more than the row's own crypto. */
export class RandomPool {
  private pool = Buffer.alloc(POOL_BYTES);
  private at = POOL_BYTES;

  take(bytes: number): Buffer {
    if (this.at + bytes > POOL_BYTES) {
      this.pool = randomFillSync(Buffer.alloc(POOL_BYTES));
      this.at = 0;
    }
    const out = this.pool.subarray(this.at, this.at + bytes);
    this.at += bytes;
    return out;
  }
}

export class SequentialIds {
  private lastMs = 0;
  private counter = 0;

  constructor(private readonly random: RandomPool) {}

  /** A UUIDv7 strictly greater than the previous one from this generator. */
  next(): string {
    let ms = Date.now();
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      this.counter += 1;
      // 4096 ids in one millisecond: borrow the next millisecond rather than wrap.
      if (this.counter > 0xfff) {
        ms += 1;
        this.counter = 0;
      }
    } else {
      this.counter = 0;
    }
    this.lastMs = ms;
    const bytes = Buffer.alloc(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (this.counter >> 8);
    bytes[7] = this.counter & 0xff;
    this.random.take(8).copy(bytes, 8);
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
