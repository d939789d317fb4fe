// How the caller relates to a referral, and the version precondition every
// transition carries (ETag / If-Match).
import { type PartyRelation } from '@waymark/domain';
import { type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ReferralsError } from './referrals.errors';
import { type ReferralRow } from './referrals.repository';

export function relationTo(
  row: Pick<ReferralRow, 'primeId' | 'subcontractorId' | 'commissionerId' | 'referralPartnerId'>,
  principal: Pick<Principal, 'organisationId'>,
): PartyRelation | null {
  const org = principal.organisationId;
  if (row.primeId === org) return 'PRIME';
  if (row.subcontractorId === org) return 'SUBCONTRACTOR';
  if (row.commissionerId === org) return 'COMMISSIONER';
  if (row.referralPartnerId === org) return 'REFERRAL_PARTNER';
  return null;
}

export const etagFor = (version: number): string => `"${version}"`;

/** Reads If-Match: `"3"`, `W/"3"` or `3`. Missing → 428; anything that is not the current version → 412. */
export function requireVersion(ifMatch: string | undefined, current: number): void {
  const raw = ifMatch?.trim();
  if (!raw || raw === '*') {
    throw new AppError(
      ReferralsError.IF_MATCH_REQUIRED,
      `Send If-Match: ${etagFor(current).replace(/\d+/, '<version>')} with the ETag you read, so a change made meanwhile is not overwritten.`,
      [{ field: 'headers.if-match', message: 'is required' }],
    );
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(raw);
  if (!match || Number(match[1]) !== current) {
    throw new AppError(
      ReferralsError.REFERRAL_VERSION_STALE,
      `The referral is at version ${current}, not ${raw}: read it again and retry.`,
      [
        {
          field: 'headers.if-match',
          message: `does not match the current version ${etagFor(current)}`,
        },
      ],
      {
        etag: etagFor(current),
      },
    );
  }
}
