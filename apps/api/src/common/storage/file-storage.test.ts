import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { FileTooLargeError, LocalDiskStorage } from './file-storage';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-storage-'));
const storage = new LocalDiskStorage(root);

describe('local disk storage', () => {
  it('stores a stream, reporting its SHA-256 and size, and reads it back', async () => {
    const stored = await storage.put(Readable.from(['hello ', 'evidence']), {
      prefix: 'evidence',
      maxBytes: 1024,
    });
    expect(stored.sha256).toBe(createHash('sha256').update('hello evidence').digest('hex'));
    expect(stored.sizeBytes).toBe(14);
    expect(await text(storage.get(stored.key))).toBe('hello evidence');
  });

  it('refuses a file over the limit and leaves nothing behind', async () => {
    await expect(
      storage.put(Readable.from([Buffer.alloc(2048)]), { prefix: 'evidence', maxBytes: 1024 }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    expect(fs.readdirSync(path.join(root, 'evidence'))).toHaveLength(1);
  });

  it('rejects keys that could escape the storage root', () => {
    expect(() => storage.get('../../etc/passwd')).toThrow(/Not a storage key/);
  });
});
