// The job's side of the staging worker thread (referral-staging.worker.ts):
// feeds it the file's bytes as it asks for them and yields the COPY text it
// sends back, acknowledging each chunk once the consumer has taken it — so
// the worker never runs more than a few chunks ahead of the COPY into
// PostgreSQL.
//
// Workers are kept between imports (started on the first, ended after
// IDLE_MS without one): starting a thread and loading the parser, zod and
// the domain package costs about as much as staging 10,000 rows, and a
// programme's imports come in bursts. An idle worker does not keep the
// process alive; a worker whose session did not finish cleanly is ended, not kept.
import path from 'node:path';
import { type Readable } from 'node:stream';
import { MessageChannel, Worker } from 'node:worker_threads';
import { type ReferralFileFormat, UnreadableFileError } from './read-referral-file';
import { type StagingChunk, type StagingKeys } from './stage-rows';
import {
  type StagingSession,
  type ToMainMessage,
  type ToWorkerMessage,
} from './staging-worker-protocol';

/** How long an idle worker is kept for the next import. */
const IDLE_MS = 60_000;

type Event = ToMainMessage | { type: 'crash'; error: unknown };

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
  onExit: () => void;
}

const idle: IdleWorker[] = [];

/** The compiled worker beside this file; from TypeScript sources (tests, tsx), through tsx's require hook. */
function startWorker(): Worker {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `referral-staging.worker${extension}`);
  if (extension !== '.ts') return new Worker(file);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true });
}

function forget(kept: IdleWorker): void {
  const at = idle.indexOf(kept);
  if (at !== -1) idle.splice(at, 1);
  clearTimeout(kept.timer);
  kept.worker.off('exit', kept.onExit);
}

function acquireWorker(): Worker {
  const kept = idle.pop();
  if (!kept) return startWorker();
  forget(kept);
  kept.worker.ref();
  return kept.worker;
}

/** Keeps a worker whose session finished cleanly; one that stops while idle (it should not) is forgotten, never handed out. */
function releaseWorker(worker: Worker): void {
  worker.unref();
  const kept: IdleWorker = {
    worker,
    timer: setTimeout(() => {
      forget(kept);
      void worker.terminate();
    }, IDLE_MS).unref(),
    onExit: () => forget(kept),
  };
  worker.once('exit', kept.onExit);
  idle.push(kept);
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
  const worker = acquireWorker();
  const { port1: port, port2 } = new MessageChannel();
  const bytes = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
    wake = undefined;
  };
  const post = (message: ToWorkerMessage) => port.postMessage(message);
  const feed = async () => {
    try {
      const next = await bytes.next();
      post(next.done ? { type: 'end' } : { type: 'bytes', bytes: next.value });
    } catch (error) {
      post({
        type: 'source-error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const onError = (error: unknown) => push({ type: 'crash', error });
  const onExit = (code: number) =>
    push({ type: 'crash', error: new Error(`the staging worker stopped (exit code ${code})`) });
  port.on('message', (message: ToMainMessage) => {
    if (message.type === 'pull') void feed();
    else push(message);
  });
  worker.on('error', onError);
  worker.on('exit', onExit);
  const session: StagingSession = {
    type: 'session',
    port: port2,
    format: options.format,
    piiHmacKey: options.keys.piiHmacKey,
    piiEncryptionKey: options.keys.piiEncryptionKey,
  };
  worker.postMessage(session, [port2]);
  let isSessionOver = false;
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
          isSessionOver = true;
          return;
        case 'error':
          isSessionOver = true;
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
    port.close();
    worker.off('error', onError);
    worker.off('exit', onExit);
    if (isSessionOver) releaseWorker(worker);
    else await worker.terminate();
  }
}
