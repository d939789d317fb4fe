// The job's side of the staging worker thread (referral-staging.worker.ts):
// feeds it the file's bytes as it asks for them and yields the COPY text it
// sends back, acknowledging each chunk once the consumer has taken it — so
// the worker never runs more than a few chunks ahead of the COPY into
// PostgreSQL. One worker per import, ended when the file is staged.
import path from 'node:path';
import { type Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { type ReferralFileFormat, UnreadableFileError } from './read-referral-file';
import { type StagingChunk, type StagingKeys } from './stage-rows';
import {
  type StagingWorkerData,
  type ToMainMessage,
  type ToWorkerMessage,
} from './staging-worker-protocol';

type Event = ToMainMessage | { type: 'crash'; error: unknown };

/** The compiled worker beside this file; from TypeScript sources (tests, tsx), through tsx's require hook. */
function startWorker(workerData: StagingWorkerData): Worker {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `referral-staging.worker${extension}`);
  if (extension !== '.ts') return new Worker(file, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, {
    eval: true,
    workerData,
  });
}

/**
 * The file (`source`) as staging COPY text, parsed, keyed and encrypted on a
 * worker thread. Throws UnreadableFileError for a file that is not a referral
 * file (the worker's message), any other failure as it came.
 */
export async function* stageInWorker(
  source: Readable,
  options: { format: ReferralFileFormat; keys: StagingKeys },
): AsyncGenerator<StagingChunk> {
  const worker = startWorker({
    format: options.format,
    piiHmacKey: options.keys.piiHmacKey,
    piiEncryptionKey: options.keys.piiEncryptionKey,
  });
  const bytes = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
    wake = undefined;
  };
  const post = (message: ToWorkerMessage) => worker.postMessage(message);
  const feed = async () => {
    try {
      const next = await bytes.next();
      post(next.done ? { type: 'end' } : { type: 'bytes', bytes: next.value });
    } catch (error) {
      post({ type: 'source-error', message: error instanceof Error ? error.message : String(error) });
    }
  };
  worker.on('message', (message: ToMainMessage) => {
    if (message.type === 'pull') void feed();
    else push(message);
  });
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) =>
    push({ type: 'crash', error: new Error(`the staging worker stopped (exit code ${code})`) }),
  );
  try {
    for (;;) {
      if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = events.shift()!;
      switch (event.type) {
        case 'chunk':
          yield { text: event.text, rows: event.rows };
          post({ type: 'ack' });
          break;
        case 'done':
          return;
        case 'error':
          throw event.isUnreadableFile
            ? new UnreadableFileError(event.message)
            : new Error(event.message);
        case 'crash':
          throw event.error;
        case 'pull':
          break;
      }
    }
  } finally {
    source.destroy();
    await worker.terminate();
  }
}
