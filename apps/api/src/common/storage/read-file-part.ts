// Reads the one file part of a multipart request into memory, for the small
// uploads that are checked whole before storing (evidence, earnings files).
// @fastify/multipart cuts a part at the size limit and normally throws, but
// under load it can hand back the cut bytes without an error (seen in CI: an
// 11 MB evidence file stored as 10 MB with the hash of the cut file). So the
// part's own `truncated` flag and the length are checked here as well: a cut
// file is never returned, so it can never be stored.
import { type MultipartFile } from '@fastify/multipart';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';
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

/**
 * The request's one `file` part, whole: 415 when the request is not multipart (`howToSend` says how it should be),
 * and the area's own problems for a missing part or one over `maxBytes`.
 */
export async function readUploadedFile(
  request: FastifyRequest,
  options: {
    maxBytes: number;
    howToSend: string;
    missing: () => AppError;
    tooLarge: () => AppError;
  },
): Promise<{ filename: string; content: Buffer }> {
  if (!request.isMultipart())
    throw new AppError(CommonError.UNSUPPORTED_MEDIA_TYPE, options.howToSend);
  const part = await request.file({ limits: { fileSize: options.maxBytes } });
  if (!part) throw options.missing();
  try {
    return await readWholeFilePart(part, options.maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw options.tooLarge();
    throw error;
  }
}
