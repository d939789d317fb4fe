// Builds OCDS 1.1 releases and release packages (https://standard.open-contracting.org/1.1/)
// from a programme's contracting data. Pure: no database, no framework.
//   programme   → one contracting process (ocid): the commissioner's tender,
//                 each prime contract as an award and a contract, payments
//                 commissioner → prime as the contract's implementation transactions,
//                 each award's subcontracting (subcontracting extension) and each
//                 contract's subcontracts as related processes (subContract)
//   subcontract → one contracting process whose buyer is the prime: award and
//                 contract, payments prime → subcontractor as transactions;
//                 relatedProcesses: the programme (parent)
// Releases here have no id or date: the service gives each its id and date
// when its content first appears (open-data.service.ts), so unchanged data
// keeps its release.
// Money is integer pence everywhere else; here, and only here, it becomes a
// decimal amount in GBP (OCDS Value.amount is a JSON number).
import {
  type OcdsOrganisation,
  type OcdsPayment,
  type OcdsPrimeContract,
  type OcdsProgramme,
  type OcdsSubcontract,
} from './open-data.repository';

/** The one extension the packages use, pinned to the commit whose files are in schema/extensions/subcontracting. */
export const SUBCONTRACTING_EXTENSION_URL =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_subcontracting_extension/65d06d0af7e5dc56f0f28beb54e5d7dc5d9155e7/extension.json';
export const OPEN_GOVERNMENT_LICENCE =
  'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export interface OcdsInput {
  ocidPrefix: string;
  /** The day contract statuses are worked out for (pending before the start, terminated after the end). */
  today: string;
  programme: OcdsProgramme;
  primeContracts: OcdsPrimeContract[];
  subcontracts: OcdsSubcontract[];
  remittances: OcdsPayment[];
  subcontractorPayments: OcdsPayment[];
  milestoneTypes: { id: string; code: string; name: string }[];
}

/** A release without its id and date: what decides whether a new release is needed. */
export type OcdsReleaseContent = { ocid: string } & Record<string, unknown>;
export type OcdsRelease = OcdsReleaseContent & { id: string; date: string };

export interface OcdsPublisher {
  name: string;
  scheme?: string | undefined;
  uid?: string | undefined;
  uri?: string | undefined;
}

/** Pence (digits) → GBP with two decimals, exactly (no float arithmetic). */
export function penceToAmount(pence: string): number {
  const negative = pence.startsWith('-');
  const digits = (negative ? pence.slice(1) : pence).padStart(3, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`);
}

const gbp = (pence: string) => ({ amount: penceToAmount(pence), currency: 'GBP' });
const dateTime = (day: string) => `${day}T00:00:00Z`;
export const ocidOf = (prefix: string, kind: 'programme' | 'subcontract', id: string) =>
  `${prefix}-${kind}-${id}`;

// org-id.guide schemes for what we hold: Companies House and the Charity
// Commission. An organisation with neither gets no identifier (none is
// invented); its party id is its Waymark id, unique within the release.
function identifier(org: OcdsOrganisation) {
  if (org.companyNumber) return { scheme: 'GB-COH', id: org.companyNumber, legalName: org.name };
  if (org.charityNumber) return { scheme: 'GB-CHC', id: org.charityNumber, legalName: org.name };
  return undefined;
}
const partyId = (org: OcdsOrganisation) => {
  const id = identifier(org);
  return id ? `${id.scheme}-${id.id}` : org.id;
};
const ref = (org: OcdsOrganisation) => ({ id: partyId(org), name: org.name });

/** Parties of a release: one entry per organisation, its roles merged. */
function parties(entries: [OcdsOrganisation, string[]][]) {
  const byId = new Map<string, { org: OcdsOrganisation; roles: Set<string> }>();
  for (const [org, roles] of entries) {
    const entry = byId.get(org.id) ?? { org, roles: new Set<string>() };
    for (const role of roles) entry.roles.add(role);
    byId.set(org.id, entry);
  }
  return [...byId.values()].map(({ org, roles }) => {
    const id = identifier(org);
    return {
      id: partyId(org),
      name: org.name,
      ...(id ? { identifier: id } : {}),
      roles: [...roles],
    };
  });
}

function transactions(payments: OcdsPayment[], payer: OcdsOrganisation, payee: OcdsOrganisation) {
  // No `source`: OCDS wants the URI of a published spend dataset there, and a
  // bank payment reference is neither a URI nor for publication.
  return payments.map((p) => ({
    id: p.id,
    date: dateTime(p.paidOn),
    value: gbp(p.amountPence),
    payer: ref(payer),
    payee: ref(payee),
  }));
}

function contractStatus(
  today: string,
  startsOn: string,
  endsOn: string | null,
): 'pending' | 'active' | 'terminated' {
  if (today < startsOn) return 'pending';
  if (endsOn && today > endsOn) return 'terminated';
  return 'active';
}

/** Tags for a full snapshot: the sections the release carries. */
function tags(sections: {
  planning?: boolean;
  tender?: boolean;
  award: boolean;
  contract: boolean;
  implementation: boolean;
}) {
  return (['planning', 'tender', 'award', 'contract', 'implementation'] as const).filter(
    (tag) => sections[tag],
  );
}

export function buildReleases(input: OcdsInput): OcdsReleaseContent[] {
  const { programme, ocidPrefix, today } = input;
  const commissioner = programme.commissioner;
  const programmeOcid = ocidOf(ocidPrefix, 'programme', programme.id);
  const subcontractsOf = (c: OcdsPrimeContract) =>
    input.subcontracts.filter((s) => s.primeContractId === c.id);
  const remittancesOf = (c: OcdsPrimeContract) =>
    input.remittances.filter((r) => r.contractId === c.id);

  const awards = input.primeContracts.map((c) => {
    const subs = subcontractsOf(c);
    const period = { startDate: dateTime(c.startsOn), endDate: dateTime(c.endsOn) };
    // Subcontracting extension: the share of the contract value the prime
    // committed in its bid to pass to subcontractors, and who they are.
    const subcontracting = {
      ...(c.plannedSubcontractedShareBp !== null
        ? { minimumPercentage: c.plannedSubcontractedShareBp / 10_000 }
        : {}),
      ...(subs.length > 0
        ? {
            subcontracts: subs.map((s) => ({
              id: s.id,
              subcontractor: ref(s.subcontractor),
              mainContractors: [ref(c.prime)],
            })),
          }
        : {}),
    };
    return {
      id: c.id,
      title: `${c.reference}: ${c.areaName}`,
      status: 'active',
      value: gbp(c.valueCapPence),
      suppliers: [ref(c.prime)],
      contractPeriod: period,
      hasSubcontracting: subs.length > 0,
      ...(Object.keys(subcontracting).length > 0 ? { subcontracting } : {}),
    };
  });
  const contracts = input.primeContracts.map((c) => {
    const subs = subcontractsOf(c);
    return {
      id: c.id,
      awardID: c.id,
      title: `${c.reference}: ${c.areaName}`,
      status: contractStatus(today, c.startsOn, c.endsOn),
      period: { startDate: dateTime(c.startsOn), endDate: dateTime(c.endsOn) },
      // The contract's value is its cap: the most the commissioner will pay under it.
      value: gbp(c.valueCapPence),
      implementation: { transactions: transactions(remittancesOf(c), commissioner, c.prime) },
      ...(subs.length > 0
        ? {
            relatedProcesses: subs.map((s) => ({
              id: s.id,
              relationship: ['subContract'],
              title: `${s.subcontractor.name} under ${c.reference}`,
              scheme: 'ocid',
              identifier: ocidOf(ocidPrefix, 'subcontract', s.id),
            })),
          }
        : {}),
    };
  });
  const hasAwards = awards.length > 0;
  const programmeRelease: OcdsReleaseContent = {
    ocid: programmeOcid,
    tag: tags({
      planning: true,
      tender: true,
      award: hasAwards,
      contract: hasAwards,
      implementation: input.remittances.length > 0,
    }),
    initiationType: 'tender',
    language: 'en',
    parties: parties([
      [
        commissioner,
        ['buyer', 'procuringEntity', ...(input.remittances.length > 0 ? ['payer'] : [])],
      ],
      ...input.primeContracts.map((c): [OcdsOrganisation, string[]] => [
        c.prime,
        ['supplier', ...(remittancesOf(c).length > 0 ? ['payee'] : [])],
      ]),
      ...input.subcontracts.map((s): [OcdsOrganisation, string[]] => [
        s.subcontractor,
        ['subcontractor'],
      ]),
    ]),
    buyer: ref(commissioner),
    planning: {
      rationale: `Outcome-funded employment programme ${programme.name}, delivered through prime contracts per contract package area and paid at participants' milestones.`,
    },
    tender: {
      id: programme.id,
      title: programme.name,
      // Prime contracts awarded: the competition is over. Before any award we
      // know only that it is planned (the tender's own dates are not held, so
      // no tenderPeriod is given rather than one made up).
      status: hasAwards ? 'complete' : 'planned',
      procuringEntity: ref(commissioner),
      mainProcurementCategory: 'services',
      // Upper estimate: the sum of the prime contracts' caps.
      ...(hasAwards
        ? {
            value: gbp(
              input.primeContracts.reduce((sum, c) => sum + BigInt(c.valueCapPence), 0n).toString(),
            ),
          }
        : {}),
      contractPeriod: {
        startDate: dateTime(programme.startsOn),
        ...(programme.endsOn ? { endDate: dateTime(programme.endsOn) } : {}),
      },
      milestones: input.milestoneTypes.map((m) => ({
        id: m.id,
        title: m.name,
        type: 'payment',
        code: m.code,
        status: 'scheduled',
      })),
    },
    ...(hasAwards ? { awards, contracts } : {}),
  };

  const subcontractReleases = input.subcontracts.map((s): OcdsReleaseContent => {
    const parent = input.primeContracts.find((c) => c.id === s.primeContractId);
    if (!parent) throw new Error(`subcontract ${s.id} has no prime contract in the programme`);
    const period = {
      startDate: dateTime(s.startsOn),
      ...(s.endsOn ? { endDate: dateTime(s.endsOn) } : {}),
    };
    const paid = input.subcontractorPayments.filter((p) => p.contractId === s.id);
    const title = `${s.subcontractor.name} under ${parent.reference}`;
    return {
      ocid: ocidOf(ocidPrefix, 'subcontract', s.id),
      tag: tags({ award: true, contract: true, implementation: paid.length > 0 }),
      // The only code OCDS 1.1 has; the prime chose its subcontractor itself.
      initiationType: 'tender',
      language: 'en',
      parties: parties([
        [parent.prime, ['buyer', ...(paid.length > 0 ? ['payer'] : [])]],
        [s.subcontractor, ['supplier', ...(paid.length > 0 ? ['payee'] : [])]],
      ]),
      buyer: ref(parent.prime),
      // No value: a subcontract under payment by results has no contract
      // value; what was paid is in the transactions.
      awards: [
        {
          id: s.id,
          title,
          status: 'active',
          suppliers: [ref(s.subcontractor)],
          contractPeriod: period,
        },
      ],
      contracts: [
        {
          id: s.id,
          awardID: s.id,
          title,
          status: contractStatus(today, s.startsOn, s.endsOn),
          period,
          implementation: { transactions: transactions(paid, parent.prime, s.subcontractor) },
        },
      ],
      relatedProcesses: [
        {
          id: parent.id,
          relationship: ['parent'],
          title: `${programme.name}: ${parent.reference}`,
          scheme: 'ocid',
          identifier: programmeOcid,
        },
      ],
    };
  });

  return [programmeRelease, ...subcontractReleases];
}

export function buildReleasePackage(options: {
  uri: string;
  publisher: OcdsPublisher;
  publicationPolicy: string;
  releases: OcdsRelease[];
}) {
  const publishedDate = options.releases.reduce(
    (latest, r) => (r.date > latest ? r.date : latest),
    options.releases[0]?.date ?? new Date(0).toISOString(),
  );
  const { name, scheme, uid, uri } = options.publisher;
  return {
    uri: options.uri,
    version: '1.1',
    extensions: [SUBCONTRACTING_EXTENSION_URL],
    // On demand: the date of the last change to the contents (OCDS guidance).
    publishedDate,
    publisher: {
      name,
      ...(scheme ? { scheme } : {}),
      ...(uid ? { uid } : {}),
      ...(uri ? { uri } : {}),
    },
    license: OPEN_GOVERNMENT_LICENCE,
    publicationPolicy: options.publicationPolicy,
    releases: options.releases,
  };
}
