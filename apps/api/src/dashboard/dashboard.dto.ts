import { z } from 'zod';
import { createZodDto } from '../common/dto/create-zod-dto';

const count = (text: string) =>
  z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(`${text} Absent when your party or roles cannot act on it.`);

// One field per home-dashboard card; each is the exact size of the list the card links to.
export const DashboardCounts = z.object({
  referralsWaiting: count(
    'Referral partner: your referrals not yet accepted or rejected (RECEIVED).',
  ),
  referralsRejected: count('Referral partner: your referrals the prime rejected.'),
  referralsToAccept: count(
    'Prime: referrals received on your contracts, waiting to be accepted or rejected.',
  ),
  referralsToAllocate: count('Prime: accepted referrals waiting for a subcontractor.'),
  referralsToAttach: count('Subcontractor: referrals allocated to you, not yet attached.'),
  participantsInactive: count(
    'Subcontractor: attached participants with no activity for 14 days or more (as /caseload?status=ATTACHED&inactiveDays=14).',
  ),
  claimsInInbox: count(
    'Claims waiting for an action your party and roles can take (as /claims?inbox=true).',
  ),
  claimsQueried: count('Subcontractor: claims your prime has queried (PRIME_QUERIED).'),
  claimsInDraft: count('Subcontractor: claims drafted and not yet submitted.'),
  paymentsDue: count('Prime: subcontractor payments approved and not yet paid.'),
  paymentsLate: count(
    'Subcontractor: payments from your prime past the SLA, paid late or still unpaid (as /subcontractor-payments?isLate=true).',
  ),
  remittancesToRun: count('Commissioner: remittances drafted and not yet exported.'),
  primeContractsWithParkingAlerts: count(
    'Commissioner: prime contracts with a raised PARKING alert.',
  ),
  primeContractsWithFlowDownAlerts: count(
    'Commissioner: prime contracts with a raised flow-down (referrals or spend) alert.',
  ),
});
export type DashboardCounts = z.infer<typeof DashboardCounts>;
const Pence = (text: string) =>
  z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe(`${text} Integer pence as a string of digits; absent with its count.`);
export const DashboardAmounts = z.object({
  claimsInInboxPence: Pence('Value of the claims in claimsInInbox.'),
  claimsQueriedPence: Pence('Value of the claims in claimsQueried.'),
  claimsInDraftPence: Pence('Value of the claims in claimsInDraft.'),
});
export type DashboardAmounts = z.infer<typeof DashboardAmounts>;
export class DashboardDto extends createZodDto(
  z.object({
    counts: DashboardCounts,
    amounts: DashboardAmounts.describe(
      'Money beside the counts, so a card reads "38 claims · £19,000.00".',
    ),
    asOf: z.string().describe('The day the counts were taken (ISO date, UTC).'),
  }),
) {}
