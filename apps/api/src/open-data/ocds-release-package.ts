// Builds an OCDS 1.1 release package (https://standard.open-contracting.org/1.1/)
// from a programme's contracting data. Pure: no database, no framework.
//   programme      → one release, tag planning + tender (the commissioner's procurement)
//   prime contract → one contracting process: award + contract, with payments
//                    (commissioner → prime) as implementation transactions;
//                    relatedProcesses: the programme (parent) and its subcontracts (subContract)
//   subcontract    → one contracting process: award + contract, payments prime →
//                    subcontractor; relatedProcesses: its prime contract (parent)
// Money is integer pence everywhere else; here, and only here, it becomes a
// decimal amount in GBP (OCDS Value.amount is a JSON number).
import { type OcdsOrganisation, type OcdsPayment, type OcdsPrimeContract, type OcdsProgramme, type OcdsSubcontract } from './open-data.repository';

/** Our OCID prefix (a publisher registers its own with the Open Contracting Partnership). */
export const OCID_PREFIX = 'ocds-wmk000';

export interface OcdsInput {
  baseUri: string;
  publishedAt: Date;
  programme: OcdsProgramme;
  primeContracts: OcdsPrimeContract[];
  subcontracts: OcdsSubcontract[];
  remittances: OcdsPayment[];
  subcontractorPayments: OcdsPayment[];
  milestoneTypes: { id: string; code: string; name: string }[];
}

/** Pence (digits) → GBP with two decimals, exactly (no float arithmetic). */
export function penceToAmount(pence: string): number {
  const negative = pence.startsWith('-');
  const digits = (negative ? pence.slice(1) : pence).padStart(3, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`);
}

const gbp = (pence: string) => ({ amount: penceToAmount(pence), currency: 'GBP' });
const ocidOf = (kind: 'programme' | 'prime-contract' | 'subcontract', id: string) => `${OCID_PREFIX}-${kind}-${id}`;
const dateTime = (day: string) => `${day}T00:00:00Z`;

function identifier(org: OcdsOrganisation) {
  // org-id.guide schemes: Companies House and the Charity Commission; our own id otherwise.
  if (org.companyNumber) return { scheme: 'GB-COH', id: org.companyNumber, legalName: org.name };
  if (org.charityNumber) return { scheme: 'GB-CHC', id: org.charityNumber, legalName: org.name };
  return { scheme: 'XI-WAYMARK', id: org.id, legalName: org.name };
}

function party(org: OcdsOrganisation, roles: string[]) {
  const id = identifier(org);
  return { id: `${id.scheme}-${id.id}`, name: org.name, identifier: id, roles };
}
const ref = (org: OcdsOrganisation) => {
  const id = identifier(org);
  return { id: `${id.scheme}-${id.id}`, name: org.name };
};

function transactions(payments: OcdsPayment[], payer: OcdsOrganisation, payee: OcdsOrganisation) {
  return payments.map((p) => ({ id: p.id, source: p.paidReference, date: dateTime(p.paidOn), value: gbp(p.amountPence), payer: ref(payer), payee: ref(payee) }));
}

export function buildReleasePackage(input: OcdsInput) {
  const { programme, baseUri } = input;
  const commissioner = programme.commissioner;
  const published = input.publishedAt.toISOString();
  const milestones = input.milestoneTypes.map((m) => ({ id: m.id, title: m.name, type: 'payment', code: m.code, status: 'scheduled' }));
  const programmeOcid = ocidOf('programme', programme.id);

  const programmeRelease = {
    ocid: programmeOcid,
    id: `${programmeOcid}-tender`,
    date: programme.createdAt.toISOString(),
    tag: ['planning', 'tender'],
    initiationType: 'tender',
    language: 'en',
    parties: [party(commissioner, ['buyer', 'procuringEntity'])],
    buyer: ref(commissioner),
    planning: { rationale: `Outcome-funded employment programme ${programme.name}, delivered through prime contracts per contract package area.` },
    tender: {
      id: programme.id,
      title: programme.name,
      status: 'complete',
      procuringEntity: ref(commissioner),
      tenderPeriod: { startDate: dateTime(programme.startsOn) },
      contractPeriod: { startDate: dateTime(programme.startsOn), ...(programme.endsOn ? { endDate: dateTime(programme.endsOn) } : {}) },
      value: gbp(input.primeContracts.reduce((sum, c) => sum + BigInt(c.valueCapPence), 0n).toString()),
      milestones,
    },
    relatedProcesses: input.primeContracts.map((c) => ({ id: `prime-contract-${c.id}`, relationship: ['subContract'], title: c.reference, scheme: 'ocid', identifier: ocidOf('prime-contract', c.id) })),
  };

  const primeReleases = input.primeContracts.map((c) => {
    const ocid = ocidOf('prime-contract', c.id);
    const period = { startDate: dateTime(c.startsOn), endDate: dateTime(c.endsOn) };
    const subs = input.subcontracts.filter((s) => s.primeContractId === c.id);
    return {
      ocid,
      id: `${ocid}-${published}`,
      date: published,
      tag: ['award', 'contract', 'implementation'],
      initiationType: 'tender',
      language: 'en',
      parties: [party(commissioner, ['buyer', 'payer']), party(c.prime, ['supplier', 'payee'])],
      buyer: ref(commissioner),
      awards: [{ id: `award-${c.id}`, title: `${c.reference} — ${c.areaName}`, status: 'active', date: c.createdAt.toISOString(), value: gbp(c.valueCapPence), suppliers: [ref(c.prime)], contractPeriod: period }],
      contracts: [
        {
          id: c.id,
          awardID: `award-${c.id}`,
          title: `${c.reference} — ${c.areaName}`,
          status: 'active',
          period,
          value: gbp(c.valueCapPence),
          dateSigned: c.createdAt.toISOString(),
          milestones,
          implementation: { transactions: transactions(input.remittances.filter((r) => r.contractId === c.id), commissioner, c.prime) },
        },
      ],
      relatedProcesses: [
        { id: `programme-${programme.id}`, relationship: ['parent'], title: programme.name, scheme: 'ocid', identifier: programmeOcid },
        ...subs.map((s) => ({ id: `subcontract-${s.id}`, relationship: ['subContract'], title: s.subcontractor.name, scheme: 'ocid', identifier: ocidOf('subcontract', s.id) })),
      ],
    };
  });

  const subcontractReleases = input.subcontracts.map((s) => {
    const ocid = ocidOf('subcontract', s.id);
    const parent = input.primeContracts.find((c) => c.id === s.primeContractId);
    if (!parent) throw new Error(`subcontract ${s.id} has no prime contract in the programme`);
    const period = { startDate: dateTime(s.startsOn), ...(s.endsOn ? { endDate: dateTime(s.endsOn) } : {}) };
    const paid = input.subcontractorPayments.filter((p) => p.contractId === s.id);
    return {
      ocid,
      id: `${ocid}-${published}`,
      date: published,
      tag: ['award', 'contract', 'implementation'],
      // The prime chose its subcontractors itself, not by open tender.
      initiationType: 'tender',
      language: 'en',
      parties: [party(parent.prime, ['buyer', 'payer']), party(s.subcontractor, ['supplier', 'payee'])],
      buyer: ref(parent.prime),
      awards: [{ id: `award-${s.id}`, title: `${s.tier} subcontract (${s.termsKind})`, status: 'active', date: s.createdAt.toISOString(), suppliers: [ref(s.subcontractor)], contractPeriod: period }],
      contracts: [
        {
          id: s.id,
          awardID: `award-${s.id}`,
          title: `${s.subcontractor.name} under ${parent.reference}`,
          status: 'active',
          period,
          value: gbp(paid.reduce((sum, p) => sum + BigInt(p.amountPence), 0n).toString()),
          dateSigned: s.createdAt.toISOString(),
          milestones,
          implementation: { transactions: transactions(paid, parent.prime, s.subcontractor) },
        },
      ],
      relatedProcesses: [{ id: `prime-contract-${parent.id}`, relationship: ['parent'], title: parent.reference, scheme: 'ocid', identifier: ocidOf('prime-contract', parent.id) }],
    };
  });

  return {
    uri: baseUri,
    version: '1.1',
    publishedDate: published,
    publisher: { name: commissioner.name, scheme: identifier(commissioner).scheme, uid: identifier(commissioner).id },
    license: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    publicationPolicy: `${baseUri}#publication-policy`,
    releases: [programmeRelease, ...primeReleases, ...subcontractReleases],
  };
}
