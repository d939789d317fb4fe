// Shapes and small converters for the supply-chain pages. People type pounds
// and percentages; the API takes pence as a string of digits and basis points.
import type { components } from '@waymark/api-client';

type Schemas = components['schemas'];
export type SubcontractDetail = Schemas['SubcontractDetailResponseDto'];
export type Subcontract = SubcontractDetail['subcontract'];
export type SubcontractStatus = Subcontract['status'];

/** "70" or "12.5%" → 7000 / 1250 basis points; null when it is not a percentage from 0 to 100. */
export function percentToBp(text: string): number | null {
  const cleaned = text.replace(/[%\s]/g, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(cleaned)) return null;
  const bp = Math.round(Number(cleaned) * 100);
  return bp <= 10_000 ? bp : null;
}

/** The verb on the button that moves a subcontract to a status. */
export const MOVE_VERBS: Record<SubcontractStatus, string> = {
  DRAFT: 'Withdraw the offer',
  OFFERED: 'Offer to the subcontractor',
  ACCEPTED: 'Accept these terms',
  ACTIVE: 'Start the subcontract',
  SUSPENDED: 'Suspend',
  ENDED: 'End',
};
