// Reads the one file part of a multipart request into memory, for the small
// uploads that are checked whole before storing (evidence, earnings files).
// @fastify/multipart cuts a part at the size limit and normally throws, but
// under load it can hand back the cut bytes without an error (seen in CI: an
// 11 MB evidence file stored as 10 MB with the hash of the cut file). So the
// part's own `truncated` flag and the length are checked here as well: a cut
// file is never returned, so it can never be stored.
import { type MultipartFile } from '@fastify/multipart';
import { FileTooLargeError } from './file-storage';

type FilePart = Pick<MultipartFile, 'filename' | 'toBuffer'> & { file: { truncated?: boolean } };

/** The part's whole content, or FileTooLargeError when it is (or was cut to) more than `maxBytes`. */
export async function readWholeFilePart(
  part: FilePart,
  maxBytes: number,
): Promise<{ filename: string; content: Buffer }> {
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new FileTooLargeError(maxBytes);
    throw error;
  }
  // A part cut at the limit is exactly maxBytes long and flagged truncated; a longer one means the limit was not applied.
  if (part.file.truncated === true || content.length > maxBytes)
    throw new FileTooLargeError(maxBytes);
  return { filename: part.filename, content };
}
