// The staging worker thread: parses a referral file and keys, encrypts and
// formats every row (stage-rows.ts) while the job's main thread streams the
// finished COPY text into PostgreSQL — Node's CPU work and PostgreSQL's run on
// the two cores at once. A worker stages one file at a time, each over its
// own MessagePort (a session), and is kept for the next import (see
// staging-worker.ts). The main thread owns the file (it may live in object
// storage): the worker asks for bytes ('pull') when its parser wants more,
// and sends at most MAX_CHUNKS_IN_FLIGHT chunks ahead of what the main thread
// has written ('ack'), so memory stays bounded however large the file.
import path from 'node:path';
import { Readable } from 'node:stream';
import { type MessagePort, parentPort } from 'node:worker_threads';
import { readRecords, UnreadableFileError } from './read-referral-file';
import { type NiNumberCrypto, toStagingChunks } from './stage-rows';
import {
  MAX_CHUNKS_IN_FLIGHT,
  type StagingSession,
  type ToMainMessage,
  type ToWorkerMessage,
} from './staging-worker-protocol';

/**
 * Only the NI number module of @waymark/db, not its index (which loads the
 * Prisma client: 0.4 s and 30 MB per worker). The same file the API's
 * common/pii/ni-number.ts re-exports: dist/pii/ni-number.js, or src/ under tsx.
 */
function loadNiNumberCrypto(): NiNumberCrypto {
  const dbEntry = require.resolve('@waymark/db');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path inside @waymark/db, resolved at run time
  return require(path.join(path.dirname(dbEntry), 'pii', 'ni-number')) as NiNumberCrypto;
}

const niNumbers = loadNiNumberCrypto();

async function stage(session: StagingSession): Promise<void> {
  const port: MessagePort = session.port;
  const send = (message: ToMainMessage) => port.postMessage(message);
  const input = new Readable({
    read() {
      send({ type: 'pull' });
    },
  });
  let credits = MAX_CHUNKS_IN_FLIGHT;
  let onCredit: (() => void) | undefined;
  port.on('message', (message: ToWorkerMessage) => {
    switch (message.type) {
      case 'bytes':
        input.push(
          Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength),
        );
        return;
      case 'end':
        input.push(null);
        return;
      case 'source-error':
        input.destroy(new Error(message.message));
        return;
      case 'ack':
        credits += 1;
        onCredit?.();
        onCredit = undefined;
        return;
    }
  });
  try {
    const chunks = toStagingChunks(readRecords(input, session.format), {
      keys: {
        piiHmacKey: Buffer.from(session.piiHmacKey),
        piiEncryptionKey: Buffer.from(session.piiEncryptionKey),
      },
      niNumbers,
    });
    for await (const chunk of chunks) {
      if (credits === 0) await new Promise<void>((resolve) => (onCredit = resolve));
      credits -= 1;
      send({ type: 'chunk', text: chunk.text, rows: chunk.rows });
    }
    send({ type: 'done' });
  } catch (error) {
    send({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      isUnreadableFile: error instanceof UnreadableFileError,
    });
  } finally {
    port.close();
  }
}

parentPort!.on('message', (session: StagingSession) => {
  void stage(session);
});
