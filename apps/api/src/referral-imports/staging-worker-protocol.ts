// Messages between the import job and its staging worker thread (see
// referral-staging.worker.ts). Types and constants only: the worker loads nothing else from the main side.
import type { MessagePort } from 'node:worker_threads';
import type { ReferralFileFormat } from './read-referral-file';

/** Sent to a worker to stage one file; the session's messages then go over `port`. */
export interface StagingSession {
  type: 'session';
  port: MessagePort;
  format: ReferralFileFormat;
  piiHmacKey: Uint8Array;
  piiEncryptionKey: Uint8Array;
}

/** Chunks (of 2,000 rows) the worker may have sent that the main thread has not yet written to the COPY. */
export const MAX_CHUNKS_IN_FLIGHT = 4;

export type ToWorkerMessage =
  | { type: 'bytes'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'source-error'; message: string }
  | { type: 'ack' };

export type ToMainMessage =
  | { type: 'pull' }
  | { type: 'chunk'; text: string; rows: number }
  | { type: 'done' }
  | { type: 'error'; message: string; isUnreadableFile: boolean };
