// Where uploaded files live (evidence, bulk referral files, data-match
// files). An interface so object storage can replace local disk later; every
// put records the SHA-256 and size as it streams, so nothing is buffered.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  /** Opaque key to fetch the file again. */
  key: string;
  sha256: string;
  sizeBytes: number;
}

export interface FileStorage {
  put(content: Readable, options: { prefix: string; maxBytes: number }): Promise<StoredFile>;
  get(key: string): Readable;
  delete(key: string): Promise<void>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

const SAFE_KEY = /^[a-z0-9-]+\/[0-9a-f-]{36}$/;

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(content: Readable, options: { prefix: string; maxBytes: number }): Promise<StoredFile> {
    const key = `${options.prefix}/${randomUUID()}`;
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > options.maxBytes) return callback(new FileTooLargeError(options.maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(content, meter, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      await fs.rm(target, { force: true });
      throw error;
    }
    return { key, sha256: hash.digest('hex'), sizeBytes };
  }

  get(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Not a storage key: ${key}`);
    return path.join(this.root, key);
  }
}
