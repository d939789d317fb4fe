// The demo programme: one commissioner, two contract areas, two primes on two
// payment models side by side (the Work Programme's and a needs-based milestone
// model), a supply chain of nine subcontractors and ~3,000 participant journeys.
// Idempotent, and written in one transaction: all or nothing.
import { hash, type Algorithm } from '@node-rs/argon2';
import { NEEDS_BASED_TEMPLATE, WORK_PROGRAMME_TEMPLATE, type Role } from '@waymark/domain';
import { Pool } from 'pg';
import { addMonthsToDay, instant, isoDay, monthStart, toDay } from '../generate/days';
import { createIdFactory } from '../generate/ids';
import { JourneySimulation, type SimulationOptions } from '../generate/journey';
import { type SimContract, type SimSubcontract } from '../generate/journey.types';
import { createPriceLookup, writeProgrammeModels } from '../generate/programme-models';
import { Random } from '../generate/random';
import { copyArray, RowSink } from '../generate/row-sink';
import {
  WORK_PROGRAMME_GROUP_MIX,
  workProgrammeOutcomeWeeks,
} from '../generate/work-programme-tariffs';
import {
  DEMO_COMMISSIONER_NAME,
  DEMO_ORGANISATIONS,
  DEMO_SUBCONTRACTS,
  FIRST_NAMES,
  LAST_NAMES,
} from './demo-parties';

export const DEMO_PASSWORD = 'waymark-demo-2026';

export const DEMO_LOGINS: { email: string; description: string }[] = DEMO_ORGANISATIONS.flatMap(
  (organisation) =>
    organisation.users.flatMap((user) =>
      user.login ? [{ email: user.email, description: user.login }] : [],
    ),
);

export const DEMO_PROGRAMME_NAME = 'Mercia Pathways to Work';
const DEMO_REFERRALS = 3_000;
const DEMO_SEED = 20_261_125;
// A fixed namespace keeps demo ids apart from generated ones.
const DEMO_ID_NAMESPACE = 0xde30_0001;

const NEEDS_BASED_GROUP_MIX = [
  { code: 'A', jobOutcomeRate: 0.42 },
  { code: 'B', jobOutcomeRate: 0.3 },
  { code: 'C', jobOutcomeRate: 0.18 },
  { code: 'D', jobOutcomeRate: 0.09 },
] as const;

export async function seedDemoData(options: {
  databaseUrl: string;
  log?: (line: string) => void;
  /** "Today" for the journeys (ISO date); defaults to the current UTC date so parking and SLAs look live. */
  asOf?: string;
  /** The API's NI number keys, so seeded NI numbers can be matched and shown like real ones. */
  pii?: { hmacKey: Buffer; encryptionKey: Buffer };
}): Promise<{ seeded: boolean }> {
  const log = options.log ?? (() => undefined);
  const pool = new Pool({ connectionString: options.databaseUrl, max: 1 });
  const client = await pool.connect();
  try {
    const existing = await client.query(
      "SELECT 1 FROM organisation WHERE name = $1 AND kind = 'COMMISSIONER'",
      [DEMO_COMMISSIONER_NAME],
    );
    if (existing.rowCount) return { seeded: false };
    const started = performance.now();
    const passwordHash = await hash(DEMO_PASSWORD, {
      algorithm: 2 as Algorithm,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    const asOf = toDay(options.asOf ?? new Date().toISOString().slice(0, 10));
    const sink = new RowSink();
    const simulation = buildDemo({ sink, passwordHash, asOf, pii: options.pii });
    simulation.finish();
    const rows = sink.bufferedRows();
    await client.query('BEGIN');
    try {
      // Another seeder may have won the race since the check above.
      await client.query('LOCK TABLE organisation IN SHARE ROW EXCLUSIVE MODE');
      const again = await client.query(
        "SELECT 1 FROM organisation WHERE name = $1 AND kind = 'COMMISSIONER'",
        [DEMO_COMMISSIONER_NAME],
      );
      if (again.rowCount) {
        await client.query('ROLLBACK');
        return { seeded: false };
      }
      await sink.flush(client);
      // The seed writes paid remittances and payments directly: store their claims' entitlements as the API would.
      await client.query('SELECT waymark_backfill_subcontract_entitlements()');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    log(
      `seeded ${rows.toLocaleString('en-GB')} rows for ${DEMO_PROGRAMME_NAME} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return { seeded: true };
  } finally {
    client.release();
    await pool.end();
  }
}

function buildDemo({
  sink,
  passwordHash,
  asOf,
  pii,
}: {
  sink: RowSink;
  passwordHash: string;
  asOf: number;
  pii: SimulationOptions['pii'];
}): JourneySimulation {
  const rng = new Random(DEMO_SEED);
  const id = createIdFactory(DEMO_ID_NAMESPACE);
  const programmeStart = addMonthsToDay(monthStart(asOf), -27);
  const createdAt = instant(programmeStart - 60, 540);

  // Organisations and users.
  const orgIds = new Map<string, string>();
  const userIds = new Map<string, string>();
  for (const organisation of DEMO_ORGANISATIONS) {
    const orgId = id('organisation');
    orgIds.set(organisation.key, orgId);
    sink.add('organisation', [
      orgId,
      organisation.name,
      organisation.kind,
      organisation.companyNumber ?? null,
      organisation.charityNumber ?? null,
      organisation.turnoverBand ?? null,
      organisation.sectorType ?? null,
      copyArray(organisation.specialisms ?? []),
      createdAt,
    ]);
    for (const user of organisation.users) {
      const userId = id('app_user');
      userIds.set(user.email, userId);
      const displayName = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      sink.add('app_user', [
        userId,
        orgId,
        user.email,
        displayName,
        passwordHash,
        copyArray(user.roles),
        true,
        createdAt,
      ]);
    }
  }
  const org = (key: string): string => orgIds.get(key) ?? missing(`organisation ${key}`);
  const orgDomain = (key: string): string => {
    const first =
      DEMO_ORGANISATIONS.find((o) => o.key === key)?.users[0]?.email ?? missing(`users of ${key}`);
    return first.slice(first.indexOf('@') + 1);
  };
  const user = (key: string, role: Role): string =>
    userIds.get(`${role.toLowerCase()}@${orgDomain(key)}`) ?? missing(`${role} of ${key}`);

  // Programme, areas, payment models.
  const programmeId = id('programme');
  sink.add('programme', [
    programmeId,
    org('commissioner'),
    DEMO_PROGRAMME_NAME,
    isoDay(programmeStart),
    isoDay(addMonthsToDay(programmeStart, 60) - 1),
    JSON.stringify({
      minimumAge: 18,
      benefits: ['JSA', 'ESA', 'UC', 'IB', 'IS'],
      residentIn: ['Forge Valley', 'Arden'],
    }),
    createdAt,
  ]);
  const areas = [
    ['Forge Valley', 'West'],
    ['Arden', 'East'],
  ].map(([name, region]) => {
    const areaId = id('contract_area');
    sink.add('contract_area', [areaId, programmeId, name, region]);
    return areaId;
  });
  const written = writeProgrammeModels({
    sink,
    id,
    programmeId,
    createdAt,
    definitions: [
      {
        name: 'Work Programme (2011)',
        definition: WORK_PROGRAMME_TEMPLATE,
        effectiveFrom: isoDay(programmeStart),
      },
      {
        name: 'Needs-based milestone model',
        definition: NEEDS_BASED_TEMPLATE,
        effectiveFrom: isoDay(programmeStart),
      },
    ],
  });
  const groupId = (code: string): string =>
    written.groupIds.get(code) ?? missing(`payment group ${code}`);

  // Ledger accounts: one cash account per party in the programme.
  const cash = new Map<string, string>();
  for (const organisation of DEMO_ORGANISATIONS) {
    if (organisation.kind === 'PLATFORM' || organisation.kind === 'REFERRAL_PARTNER') continue;
    const accountId = id('ledger_account');
    cash.set(organisation.key, accountId);
    sink.add('ledger_account', [
      accountId,
      org(organisation.key),
      programmeId,
      'CASH',
      `${organisation.name} — cash`,
      createdAt,
    ]);
  }
  const cashOf = (key: string): string => cash.get(key) ?? missing(`cash account of ${key}`);

  // Prime contracts, bid commitments, subcontracts.
  const termsOf = new Map<string, (typeof DEMO_SUBCONTRACTS)[number]>();
  const contracts: SimContract[] = (['northbridge', 'kestrel'] as const).map((prime, index) => {
    const isWorkProgramme = prime === 'northbridge';
    const model = written.models[index] ?? missing('payment model');
    const primeContractId = id('prime_contract');
    const code = isWorkProgramme ? 'NB-FV' : 'KW-AR';
    sink.add('prime_contract', [
      primeContractId,
      programmeId,
      areas[index] ?? missing('area'),
      org(prime),
      model.paymentModelId,
      isWorkProgramme ? 'MPW-FV-2024-01' : 'MPW-AR-2024-02',
      isWorkProgramme ? 18_000_000_00n : 14_500_000_00n,
      isoDay(programmeStart),
      isoDay(addMonthsToDay(programmeStart, 60) - 1),
      isWorkProgramme ? 2_750 : 2_200,
      createdAt,
    ]);
    const subcontracts: SimSubcontract[] = DEMO_SUBCONTRACTS.filter((s) => s.prime === prime).map(
      (s) => {
        const subcontractId = id('subcontract');
        termsOf.set(subcontractId, s);
        sink.add('bid_commitment', [
          id('bid_commitment'),
          primeContractId,
          org(s.subcontractor),
          s.plannedSpendShareBasisPoints,
          s.plannedReferralShareBasisPoints,
        ]);
        sink.add('subcontract', [
          subcontractId,
          programmeId,
          primeContractId,
          org(s.subcontractor),
          s.tier,
          copyArray(DEMO_ORGANISATIONS.find((o) => o.key === s.subcontractor)?.specialisms ?? []),
          s.termsKind,
          termsJson(s, isoDay(programmeStart)),
          s.managementFeeBasisPoints,
          s.paymentSlaDays,
          Math.round((DEMO_REFERRALS / 2) * (s.plannedReferralShareBasisPoints / 10_000)),
          s.capacity,
          isoDay(programmeStart),
          null,
          createdAt,
        ]);
        const groups = s.servesGroups ?? model.rules.model.paymentGroups;
        for (const group of groups)
          sink.add('subcontract_payment_group', [subcontractId, groupId(group)]);
        return {
          id: subcontractId,
          subcontractorId: org(s.subcontractor),
          weight: s.weight,
          servesGroups: s.servesGroups,
          termsKind: s.termsKind,
          shareBasisPoints: s.shareBasisPoints ?? 0,
          ratesPence: s.ratesPence ?? {},
          managementFeeBasisPoints: s.managementFeeBasisPoints,
          paymentSlaDays: s.paymentSlaDays,
          lateChance: s.lateChance,
          caseworkerUserId: user(s.subcontractor, 'CASEWORKER'),
          financeUserId: user(s.subcontractor, 'FINANCE'),
          cashAccountId: cashOf(s.subcontractor),
        };
      },
    );
    const startsOn = isoDay(programmeStart);
    return {
      programmeId,
      primeContractId,
      code,
      startsOn: programmeStart,
      model: isWorkProgramme ? 'WORK_PROGRAMME' : 'NEEDS_BASED',
      groups: isWorkProgramme
        ? WORK_PROGRAMME_GROUP_MIX.map((g) => ({ ...g, id: groupId(g.code) }))
        : NEEDS_BASED_GROUP_MIX.map((g) => ({
            ...g,
            id: groupId(g.code),
            weight: 1,
            ages: [18, 64] as const,
          })),
      price: createPriceLookup(model, startsOn),
      rules: model.rules,
      capPerParticipantPence: model.rules.model.versions[0]?.caps?.perParticipantPence ?? null,
      jobOutcomeWeeks: isWorkProgramme
        ? workProgrammeOutcomeWeeks
        : (group: string) => (group === 'A' ? 26 : 13),
      milestoneTypeIds: written.milestoneTypeIds,
      subcontracts,
      referralPartners: [
        { id: org('jobcentre'), caseworkerUserId: user('jobcentre', 'CASEWORKER') },
      ],
      primeCaseworkerUserId: user(prime, 'CASEWORKER'),
      primeFinanceUserId: user(prime, 'FINANCE'),
      commissionerFinanceUserId: user('commissioner', 'FINANCE'),
      commissionerCashAccountId: cashOf('commissioner'),
      primeCashAccountId: cashOf(prime),
    };
  });

  // Journeys, then the scheduled fees of service-fee, grant and hybrid subcontracts.
  const simulation = new JourneySimulation(rng, id, sink, { asOf, activitiesPerReferral: 8, pii });
  for (let i = 0; i < DEMO_REFERRALS; i++) {
    const contract = contracts[i % contracts.length] ?? missing('contract');
    simulation.simulateReferral(contract, programmeStart, asOf);
  }
  for (const contract of contracts) {
    for (const subcontract of contract.subcontracts) {
      const terms = termsOf.get(subcontract.id);
      if (!terms?.feePence) continue;
      for (let month = 0; month < 60; month++) {
        const day = addMonthsToDay(programmeStart, month);
        if (terms.termsKind === 'SERVICE_FEE')
          simulation.addScheduledFee(
            contract,
            subcontract,
            day,
            `service fee ${isoDay(day).slice(0, 7)}`,
            terms.feePence,
          );
        if (terms.termsKind === 'GRANT' && month % 3 === 0)
          simulation.addScheduledFee(
            contract,
            subcontract,
            day,
            `grant instalment ${month / 3 + 1}`,
            terms.feePence,
          );
        if (terms.termsKind === 'HYBRID' && month < 12)
          simulation.addScheduledFee(
            contract,
            subcontract,
            day,
            `upfront instalment ${month + 1} of 12`,
            (terms.feePence * 3_000n) / 10_000n / 12n,
          );
      }
    }
  }
  return simulation;
}

function termsJson(s: (typeof DEMO_SUBCONTRACTS)[number], startDate: string): string {
  const rates = Object.fromEntries(
    Object.entries(s.ratesPence ?? {}).map(([code, pence]) => [code, String(pence)]),
  );
  const common = {
    managementFeeBasisPoints: s.managementFeeBasisPoints,
    paymentSlaDays: s.paymentSlaDays,
  };
  switch (s.termsKind) {
    case 'PBR_SHARE':
      return JSON.stringify({ kind: s.termsKind, ...common, shareBasisPoints: s.shareBasisPoints });
    case 'MILESTONE_TARIFF':
      return JSON.stringify({ kind: s.termsKind, ...common, ratesPence: rates });
    case 'SERVICE_FEE':
      return JSON.stringify({
        kind: s.termsKind,
        ...common,
        feePerPeriodPence: String(s.feePence),
        periodMonths: 1,
        startDate,
      });
    case 'GRANT':
      return JSON.stringify({
        kind: s.termsKind,
        ...common,
        instalmentPence: String(s.feePence),
        everyMonths: 3,
        startDate,
      });
    case 'HYBRID':
      return JSON.stringify({
        kind: s.termsKind,
        ...common,
        contractValuePence: String(s.feePence),
        upfrontBasisPoints: 3_000,
        upfrontInstalments: 12,
        startDate,
        ratesPence: rates,
      });
  }
}

function missing(what: string): never {
  throw new Error(`demo seed: no ${what}`);
}
