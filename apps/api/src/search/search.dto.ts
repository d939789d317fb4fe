import { ORGANISATION_KINDS } from '@waymark/domain';
import { createZodDto } from '../common/dto/create-zod-dto';
import { line } from '../common/dto/primitives';
import { z } from 'zod';

export const SEARCH_RESULT_KINDS = [
  'PARTICIPANT',
  'REFERRAL',
  'CLAIM',
  'REMITTANCE',
  'SUBCONTRACTOR_PAYMENT',
  'ORGANISATION',
] as const;
export type SearchResultKind = (typeof SEARCH_RESULT_KINDS)[number];

export const SEARCH_MATCHES = [
  'REFERENCE',
  'NI_NUMBER',
  'EXTERNAL_REFERENCE',
  'SUBMISSION_REFERENCE',
  'PARTICIPANT_REFERENCE',
  'PAID_REFERENCE',
  'NAME',
  'ID',
] as const;

/** Longest query: longer than any reference, name or NI number the platform stores. */
export const MAX_SEARCH_LENGTH = 100;

export const SearchBody = z.strictObject({
  q: line({ max: MAX_SEARCH_LENGTH }).describe(
    'What to look for: a participant reference or NI number, a referral partner’s own referral reference, a claim submission reference, ' +
      'a payment’s bank reference, a record id, or part of an organisation’s name (two characters or more). References match whole and ignore case.',
  ),
  limit: z.number().int().min(1).max(25).default(10).describe('Most results of each kind.'),
});
export class SearchBodyDto extends createZodDto(SearchBody) {}
export type SearchRequest = z.infer<typeof SearchBody>;

const Pence = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Integer pence as a string of digits.');

export const SearchResult = z.object({
  kind: z.enum(SEARCH_RESULT_KINDS),
  id: z
    .uuid()
    .describe('The record’s id (the portal links to its page; people read the other fields).'),
  matchedOn: z.enum(SEARCH_MATCHES).describe('Which of the record’s values the query matched.'),
  title: z
    .string()
    .describe(
      'What the record is called: the participant’s reference, the referral partner’s reference, the submission or bank reference, the organisation’s name.',
    ),
  participantReference: z.string().nullable(),
  status: z
    .string()
    .nullable()
    .describe(
      'The record’s status code (ReferralStatus, ClaimStatus, RemittanceStatus or SubcontractorPaymentStatus by kind); for a participant, their latest referral’s.',
    ),
  programmeName: z.string().nullable(),
  primeName: z
    .string()
    .nullable()
    .describe('The prime provider, where the caller can see the prime contract.'),
  deliveredByName: z
    .string()
    .nullable()
    .describe(
      'The subcontractor delivering the referral, claim or payment, where the caller can see the subcontract.',
    ),
  referredByName: z.string().nullable().describe('The referral partner (e.g. a jobcentre office).'),
  milestoneName: z.string().nullable().describe('Claims: the milestone’s name in its programme.'),
  receivedAt: z
    .string()
    .nullable()
    .describe('Participants and referrals: when the (latest) referral was received.'),
  milestoneOn: z.string().nullable().describe('Claims: the day the milestone fell.'),
  periodStart: z
    .string()
    .nullable()
    .describe('Remittances and payments: first day of the period paid.'),
  periodEnd: z.string().nullable(),
  dueOn: z
    .string()
    .nullable()
    .describe('Subcontractor payments: the day it is due under the payment terms.'),
  paidOn: z.string().nullable(),
  amountPence: Pence.nullable().describe('Claims: the claim’s amount.'),
  referralId: z
    .uuid()
    .nullable()
    .describe('Participants, referrals and claims: the referral whose page shows the record.'),
  subcontractId: z
    .uuid()
    .nullable()
    .describe(
      'Organisations: one of the caller’s visible subcontracts with it, whose page shows it.',
    ),
  organisationKind: z.enum(ORGANISATION_KINDS).nullable(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchResponse = z.object({
  results: z
    .array(SearchResult)
    .describe(
      'Grouped by kind (participants, referrals, claims, remittances, subcontractor payments, organisations); only records in the caller’s slice.',
    ),
  truncatedKinds: z
    .array(z.enum(SEARCH_RESULT_KINDS))
    .describe('Kinds with more matches than `limit`.'),
});
export class SearchResponseDto extends createZodDto(SearchResponse) {}
