import { AppError } from '../common/errors/app-error';
import { ClaimError } from './claims.errors';

/** The ETag of a claim version; If-Match must send it back. */
export function claimEtag(version: number): string {
  return `"${version}"`;
}

/** Reads the version from If-Match (`"3"`, `W/"3"` or `3`): missing → 428. */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      ClaimError.IF_MATCH_REQUIRED,
      'Send If-Match with the ETag of the claim you read, so a change made since is not overwritten.',
      [{ field: 'headers.if-match', message: 'is required' }],
    );
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match)
    throw new AppError(
      ClaimError.IF_MATCH_REQUIRED,
      'If-Match must be the claim’s ETag, e.g. "3".',
      [{ field: 'headers.if-match', message: 'is not an ETag this API issued' }],
    );
  return Number(match[1]);
}
