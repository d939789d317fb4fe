import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { decryptNiNumber, hmacNiNumber } from '../common/pii/ni-number';
import { UnreadableFileError } from './read-referral-file';
import { stageInWorker } from './staging-worker';

const keys = { piiHmacKey: randomBytes(32), piiEncryptionKey: randomBytes(32) };

function csvFile(rows: number): Readable {
  let text = 'external_reference,ni_number,date_of_birth,benefit_type\n';
  for (let n = 1; n <= rows; n++)
    text += `REF-${n},ab ${String(100000 + n).padStart(6, '0')} c,1990-01-02,uc\n`;
  // Small chunks, so the worker has to ask for bytes many times.
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 1000) chunks.push(bytes.subarray(at, at + 1000));
  return Readable.from(chunks);
}

async function stageAll(source: Readable): Promise<string[][]> {
  const lines: string[][] = [];
  for await (const chunk of stageInWorker(source, { format: 'CSV', keys })) {
    const chunkLines = chunk.text.split('\n').filter((line) => line !== '');
    expect(chunkLines).toHaveLength(chunk.rows);
    lines.push(...chunkLines.map((line) => line.split('\t')));
  }
  return lines;
}

function bytea(cell: string): Buffer {
  return Buffer.from(cell.replace(/^\\\\x/, ''), 'hex');
}

describe('stageInWorker', () => {
  it('stages every row of a file on the worker thread, keyed and encrypted, in file order with ascending ids', async () => {
    const rows = await stageAll(csvFile(4500));

    expect(rows).toHaveLength(4500);
    const [line, reference, niNumber, hmac, ciphertext] = rows[0]!;
    expect([line, reference, niNumber]).toEqual(['2', 'REF-1', 'AB100001C']);
    expect(bytea(hmac!)).toEqual(hmacNiNumber('AB100001C', keys.piiHmacKey));
    expect(decryptNiNumber(bytea(ciphertext!), keys.piiEncryptionKey)).toBe('AB100001C');
    expect(rows[4499]![1]).toBe('REF-4500');
    const referralIds = rows.map((row) => row[9]!);
    expect([...referralIds].sort()).toEqual(referralIds);
  });

  it('reports a file that is not a referral file as unreadable, and the next file still stages', async () => {
    const bad = Readable.from([Buffer.from('name,email\nAda,ada@example.test\n')]);

    await expect(stageAll(bad)).rejects.toThrow(UnreadableFileError);
    await expect(stageAll(Readable.from([Buffer.from('name\n')]))).rejects.toThrow(
      /missing the columns external_reference, ni_number, date_of_birth, benefit_type/,
    );
    expect(await stageAll(csvFile(3))).toHaveLength(3);
  });

  it('stops the worker when the consumer gives up part-way, and a later file still stages', async () => {
    const staged = stageInWorker(csvFile(20_000), { format: 'CSV', keys });
    const first = await staged.next();
    await staged.return(undefined);

    expect(first.done).toBe(false);
    expect(await stageAll(csvFile(5))).toHaveLength(5);
  });
});
