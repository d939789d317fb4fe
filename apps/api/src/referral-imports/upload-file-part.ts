// A multipart body cut short inside the file part: @fastify/multipart destroys
// the part's stream (no error, no end) when the parser meets the end of the
// body, and a pipeline attached after that — storage.put awaits a mkdir first —
// waits for ever. Watching the stream from the moment the part arrives turns
// that into an error the upload can answer with a problem document.
import { finished, PassThrough, type Readable } from 'node:stream';

/** The upload ended before its file part did. */
export class TruncatedUploadError extends Error {
  constructor() {
    super(
      'The multipart body ends before the file part does: the upload was cut short. Send the file again.',
    );
  }
}

/**
 * The part's bytes, failing with TruncatedUploadError if the part never ends.
 * Call it synchronously on receiving the part, before any await.
 */
export function watchFilePart(file: Readable): Readable {
  const guarded = new PassThrough();
  // The error is read by whoever consumes `guarded`, possibly after an await: never unhandled meanwhile.
  guarded.on('error', () => undefined);
  if (file.destroyed && !file.readableEnded) {
    guarded.destroy(new TruncatedUploadError());
    return guarded;
  }
  finished(file, (error) => {
    if (error) guarded.destroy(new TruncatedUploadError());
  });
  file.pipe(guarded);
  return guarded;
}
