// Small helpers shared by the claims and money pages (server and browser).
import type { components } from '@waymark/api-client';

export type Schemas = components['schemas'];
export type SupplyChain = Schemas['SupplyChainDto'];

/** Search params as the pages receive them, one value per name. */
export type SearchParams = Record<string, string | string[] | undefined>;

export function pickParams(
  params: SearchParams,
  names: readonly string[],
): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = params[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first) picked[name] = first;
  }
  return picked;
}

// The generated client types nullable cursors as string[]; the API sends a string or null.
export function cursorOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Today as an ISO day in UK time, and the current month as a default period. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

export function currentMonth(): { periodStart: string; periodEnd: string } {
  const today = todayIso();
  const [year, month] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return {
    periodStart: `${year}-${mm}-01`,
    periodEnd: `${year}-${mm}-${String(last).padStart(2, '0')}`,
  };
}

export function primeContractOptions(chain: SupplyChain): { value: string; label: string }[] {
  return chain.primeContracts.map((contract) => ({
    value: contract.id,
    label: `${contract.reference} — ${contract.prime.name}`,
  }));
}

export function subcontractOptions(chain: SupplyChain): { value: string; label: string }[] {
  return chain.primeContracts.flatMap((contract) =>
    contract.subcontracts.map((subcontract) => ({
      value: subcontract.id,
      label: `${subcontract.subcontractorName} (${contract.reference})`,
    })),
  );
}

/**
 * What a client-side contract picker needs of the chain. Client components get this projection, never the
 * chain: their props are serialised into the page, and the chain carries every subcontract's terms and bid
 * commitments (about 0.9 MB of a commissioner's claims page at 200k referrals).
 */
export interface ContractChoice {
  id: string;
  reference: string;
  subcontracts: { id: string; subcontractorName: string }[];
}

export function contractChoices(chain: SupplyChain): ContractChoice[] {
  return chain.primeContracts.map((contract) => ({
    id: contract.id,
    reference: contract.reference,
    subcontracts: contract.subcontracts.map((subcontract) => ({
      id: subcontract.id,
      subcontractorName: subcontract.subcontractorName,
    })),
  }));
}

export function subcontractName(chain: SupplyChain, id: string | null): string {
  if (id === null) return 'Delivered by the prime';
  for (const contract of chain.primeContracts) {
    const found = contract.subcontracts.find((subcontract) => subcontract.id === id);
    if (found) return found.subcontractorName;
  }
  return 'Subcontract';
}

// The vocabulary is the domain's, not a copy.
export { CLAIM_STATUSES, MILESTONE_CODES, type ClaimStatus } from '@waymark/domain';
