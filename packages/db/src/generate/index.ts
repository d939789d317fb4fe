// The scale generator: a national Work Programme (18 contract areas, 18 primes
// holding 40 prime contracts, ~1,000 subcontractors, half voluntary sector and a
// third never sent a referral) with N referrals and everything that follows
// from them, streamed through COPY in chunks inside one transaction.
import { WORK_PROGRAMME_TEMPLATE } from '@waymark/domain';
import { Pool, type PoolClient } from 'pg';
import { dropLoadIndexes, restoreLoadIndexes } from './bulk-load';
import { instant, toDay } from './days';
import { createIdFactory, type IdFactory } from './ids';
import { JourneySimulation } from './journey';
import { type SimContract, type SimSubcontract } from './journey.types';
import { createPriceLookup, writeProgrammeModels } from './programme-models';
import { deriveSeed, Random } from './random';
import { copyArray, RowSink, type TableStats } from './row-sink';
import { LARGE_TABLES, type TableName } from './tables';
import { WORK_PROGRAMME_GROUP_MIX, workProgrammeOutcomeWeeks } from './work-programme-tariffs';

export interface GenerateOptions {
  databaseUrl: string;
  referrals: number;
  seed: number;
  activitiesPerReferral: number;
  log?: (line: string) => void;
  /** Referrals per COPY chunk (memory bound). */
  chunkSize?: number;
  /** Called inside the load's transaction after each chunk is written (tests look at the schema mid-load). */
  onChunkWritten?: (client: PoolClient, referralsDone: number) => Promise<void>;
}

export interface GenerateResult {
  seconds: number;
  tables: { table: TableName; rows: number; seconds: number }[];
  indexSeconds: number;
}

const PROGRAMME_START = '2011-06-01';
const REFERRALS_END = '2016-03-31';
const AS_OF = '2017-03-31';
const AREAS = [
  'East Midlands',
  'East of England',
  'London East',
  'London West',
  'North East',
  'North West Central',
  'North West Rest',
  'Scotland',
  'South East',
  'South West',
  'Wales',
  'West Midlands',
  'Yorkshire and Humber',
  'Thames Valley',
  'Kent and Sussex',
  'Merseyside and Cheshire',
  'Devon and Cornwall',
  'Birmingham and the Black Country',
];
const PRIME_NAMES = [
  'Atlas',
  'Beacon',
  'Catalyst',
  'Dovetail',
  'Elevate',
  'Fulcrum',
  'Gateway',
  'Horizon',
  'Ingenium',
  'Juniper',
  'Keystone',
  'Lodestar',
  'Meridian',
  'Northstar',
  'Optima',
  'Pathway',
  'Quantum',
  'Riverside',
];
const SUB_WORDS = [
  'Community',
  'Futures',
  'Works',
  'Trust',
  'Skills',
  'Action',
  'Partnership',
  'Foundation',
  'Enterprise',
  'Network',
  'Project',
  'Centre',
];
const SUB_PLACES = [
  'Ashford',
  'Barnsley',
  'Carlisle',
  'Dudley',
  'Exeter',
  'Fife',
  'Gwent',
  'Halifax',
  'Ipswich',
  'Jarrow',
  'Kendal',
  'Luton',
  'Mansfield',
  'Newport',
  'Oldham',
  'Preston',
  'Rochdale',
  'Swansea',
  'Telford',
  'Wigan',
];
const SPECIALISMS = [
  'MENTAL_HEALTH',
  'EX_OFFENDERS',
  'ESOL',
  'SELF_EMPLOYMENT',
  'DISABILITY',
  'HOMELESSNESS',
  'YOUNG_PEOPLE',
  'SUBSTANCE_MISUSE',
];

export async function generateScaleData(options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? (() => undefined);
  const chunkSize = options.chunkSize ?? 20_000;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 1 });
  const client = await pool.connect();
  const started = performance.now();
  try {
    const commissionerName = `National Employment Commissioner (generated, seed ${options.seed})`;
    const existing = await client.query('SELECT 1 FROM organisation WHERE name = $1', [
      commissionerName,
    ]);
    if (existing.rowCount)
      throw new Error(
        `data for seed ${options.seed} is already in this database; use another --seed or npm run db:reset`,
      );

    const rng = new Random(deriveSeed(options.seed, 'journeys'));
    const id = createIdFactory(deriveSeed(options.seed, 'ids'));
    const sink = new RowSink();
    const contracts = buildNationalReference({
      sink,
      id,
      rng: new Random(deriveSeed(options.seed, 'reference')),
      commissionerName,
      seed: options.seed,
    });
    const asOf = toDay(AS_OF);
    const simulation = new JourneySimulation(rng, id, sink, {
      asOf,
      activitiesPerReferral: options.activitiesPerReferral,
    });
    const contractWeights = contracts.map(
      (c) => [c, 0.5 + new Random(deriveSeed(options.seed, c.code)).float()] as const,
    );

    await client.query('BEGIN');
    try {
      await sink.flush(client);
      const dropped = await dropLoadIndexes(client);
      const from = toDay(PROGRAMME_START);
      const to = toDay(REFERRALS_END);
      let lastReport = performance.now();
      // Chunk N is written by COPY while chunk N+1 is built (in slices, yielding so the socket keeps moving).
      let writing: Promise<void> = Promise.resolve();
      for (let done = 0; done < options.referrals;) {
        const end = Math.min(options.referrals, done + chunkSize);
        while (done < end) {
          const sliceEnd = Math.min(end, done + 500);
          for (; done < sliceEnd; done++)
            simulation.simulateReferral(rng.weighted(contractWeights), from, to);
          await new Promise((resolve) => setImmediate(resolve));
        }
        await writing;
        const taken = sink.take();
        const written = done;
        writing = sink.write(client, taken).then(() => options.onChunkWritten?.(client, written));
        writing.catch(() => undefined); // awaited below; avoids an unhandled rejection in between
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          log(
            `  ${done.toLocaleString('en-GB')} referrals (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
        }
      }
      await writing;
      simulation.finish();
      await sink.flush(client);
      log('recreating indexes and foreign keys…');
      const indexStarted = performance.now();
      await restoreLoadIndexes(client, dropped, log);
      const indexSeconds = (performance.now() - indexStarted) / 1000;
      await client.query('COMMIT');
      // VACUUM as well as ANALYZE: a bulk load leaves no page marked all-visible, so every index-only scan (the
      // row-level-security counts ride on them) would visit the heap, and autovacuum would spend the first hours
      // of any benchmark catching up. A live database is vacuumed; the generated one starts as one.
      log('vacuuming and analysing…');
      for (const table of LARGE_TABLES) await client.query(`VACUUM (ANALYZE) ${table}`);
      return {
        seconds: (performance.now() - started) / 1000,
        tables: tableStats(sink.stats),
        indexSeconds,
      };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
    await pool.end();
  }
}

function tableStats(stats: Map<TableName, TableStats>): GenerateResult['tables'] {
  return [...stats.entries()].map(([table, s]) => ({
    table,
    rows: s.rows,
    seconds: s.milliseconds / 1000,
  }));
}

function buildNationalReference(options: {
  sink: RowSink;
  id: IdFactory;
  rng: Random;
  commissionerName: string;
  seed: number;
}): SimContract[] {
  const { sink, id, rng, seed } = options;
  const createdAt = instant(toDay(PROGRAMME_START) - 90, 540);
  // Generated users cannot sign in: no password verifies against '!'.
  const addOrg = (
    name: string,
    kind: string,
    extra: { band?: string; sector?: string; specialisms?: string[] } = {},
  ): string => {
    const orgId = id('organisation');
    sink.add('organisation', [
      orgId,
      name,
      kind,
      null,
      null,
      extra.band ?? null,
      extra.sector ?? null,
      copyArray(extra.specialisms ?? []),
      createdAt,
    ]);
    return orgId;
  };
  let userCount = 0;
  const addUser = (orgId: string, role: string): string => {
    const userId = id('app_user');
    sink.add('app_user', [
      userId,
      orgId,
      `user${++userCount}.s${seed}@generated.test`,
      `Generated user ${userCount}`,
      '!',
      copyArray([role]),
      false,
      createdAt,
    ]);
    return userId;
  };
  const suffix = ` (gen ${seed})`;
  const commissionerId = addOrg(options.commissionerName, 'COMMISSIONER', {
    sector: 'PUBLIC',
    band: 'LARGE',
  });
  const commissionerFinance = addUser(commissionerId, 'FINANCE');
  const programmeId = id('programme');
  sink.add('programme', [
    programmeId,
    commissionerId,
    `National Work Programme${suffix}`,
    PROGRAMME_START,
    AS_OF,
    '{}',
    createdAt,
  ]);
  const written = writeProgrammeModels({
    sink,
    id,
    programmeId,
    createdAt,
    definitions: [
      {
        name: 'Work Programme (2011)',
        definition: WORK_PROGRAMME_TEMPLATE,
        effectiveFrom: PROGRAMME_START,
      },
    ],
  });
  const model = written.models[0];
  if (!model) throw new Error('no payment model written');
  const groupIds = written.groupIds;
  const cashAccount = (orgId: string, name: string): string => {
    const accountId = id('ledger_account');
    sink.add('ledger_account', [
      accountId,
      orgId,
      programmeId,
      'CASH',
      `${name} — cash`,
      createdAt,
    ]);
    return accountId;
  };
  const commissionerCash = cashAccount(commissionerId, options.commissionerName);

  const areaIds = AREAS.map((name) => {
    const areaId = id('contract_area');
    sink.add('contract_area', [areaId, programmeId, name, name]);
    return areaId;
  });
  const partnersByArea = AREAS.map((area) =>
    [1, 2, 3].map((n) => {
      const partnerId = addOrg(`Jobcentre Plus ${area} ${n}${suffix}`, 'REFERRAL_PARTNER', {
        sector: 'PUBLIC',
      });
      return { id: partnerId, caseworkerUserId: addUser(partnerId, 'CASEWORKER') };
    }),
  );
  const primes = PRIME_NAMES.map((name) => {
    const primeName = `${name} Employment${suffix}`;
    const primeId = addOrg(primeName, 'PRIME', {
      band: 'LARGE',
      sector: rng.chance(0.2) ? 'VOLUNTARY' : 'PRIVATE',
    });
    return {
      id: primeId,
      caseworker: addUser(primeId, 'CASEWORKER'),
      finance: addUser(primeId, 'FINANCE'),
      cash: cashAccount(primeId, primeName),
    };
  });

  // ~1,000 subcontractors: half voluntary sector; a third are never sent a referral.
  const subcontractors = Array.from({ length: 1_000 }, (_, n) => {
    const voluntary = n % 2 === 0;
    const specialism = rng.chance(0.4) ? rng.pick(SPECIALISMS) : null;
    const name = `${rng.pick(SUB_PLACES)} ${specialism ? specialism.toLowerCase().replace('_', ' ') + ' ' : ''}${rng.pick(SUB_WORDS)} ${n + 1}${suffix}`;
    const band = voluntary
      ? rng.weighted([
          ['MICRO', 3],
          ['SMALL', 4],
          ['MEDIUM', 2],
          ['LARGE', 0.5],
        ] as const)
      : rng.weighted([
          ['SMALL', 1],
          ['MEDIUM', 2],
          ['LARGE', 2],
        ] as const);
    const orgId = addOrg(name, 'SUBCONTRACTOR', {
      band,
      sector: voluntary ? 'VOLUNTARY' : rng.chance(0.1) ? 'PUBLIC' : 'PRIVATE',
      specialisms: specialism ? [specialism] : ['END_TO_END'],
    });
    return {
      id: orgId,
      name,
      specialism,
      band,
      voluntary,
      idle: rng.chance(1 / 3),
      caseworker: addUser(orgId, 'CASEWORKER'),
      finance: addUser(orgId, 'FINANCE'),
      cash: cashAccount(orgId, name),
    };
  });

  const contracts: SimContract[] = [];
  for (let c = 0; c < 40; c++) {
    const area = c % AREAS.length;
    const prime = primes[(c + Math.floor(c / AREAS.length) * 5) % primes.length];
    const areaId = areaIds[area];
    const partners = partnersByArea[area];
    if (!prime || !areaId || !partners) throw new Error('reference data out of range');
    const primeContractId = id('prime_contract');
    const code = `WP${(c + 1).toString().padStart(2, '0')}`;
    sink.add('prime_contract', [
      primeContractId,
      programmeId,
      areaId,
      prime.id,
      model.paymentModelId,
      `${code}-S${seed}`,
      rng.int(40, 160) * 1_000_000_00,
      PROGRAMME_START,
      AS_OF,
      3_000,
      createdAt,
    ]);
    // Subcontractors n with n % 40 == c, plus a few shared ones: ~25–35 per contract.
    const chain = subcontractors.filter((_, n) => n % 40 === c || (n % 97 === c && n % 40 !== c));
    const bids: { subcontractorId: string; shareBp: number }[] = [];
    const subcontracts: SimSubcontract[] = chain.map((sub, index) => {
      const subcontractId = id('subcontract');
      const tier =
        index < 3
          ? 'END_TO_END'
          : sub.specialism
            ? 'SPECIALIST'
            : rng.chance(0.5)
              ? 'SPOT'
              : 'END_TO_END';
      const termsKind =
        tier === 'END_TO_END'
          ? 'PBR_SHARE'
          : rng.weighted([
              ['PBR_SHARE', 4],
              ['MILESTONE_TARIFF', 3],
              ['SERVICE_FEE', 1],
              ['GRANT', 0.5],
              ['HYBRID', 1],
            ] as const);
      const shareBasisPoints = rng.int(55, 80) * 100;
      const managementFeeBasisPoints = rng.int(3, 15) * 100;
      const paymentSlaDays = rng.pick([14, 21, 30, 30, 45]);
      const ratesPence = { ATTACHMENT: 150_00n, JOB_OUTCOME: 800_00n, SUSTAINMENT: 70_00n };
      const weight = sub.idle ? 0 : tier === 'END_TO_END' ? 20 + rng.int(0, 30) : rng.int(1, 6);
      const terms =
        termsKind === 'PBR_SHARE'
          ? { shareBasisPoints }
          : termsKind === 'MILESTONE_TARIFF' || termsKind === 'HYBRID'
            ? { ratesPence: { ATTACHMENT: '15000', JOB_OUTCOME: '80000', SUSTAINMENT: '7000' } }
            : { feePerPeriodPence: '250000', periodMonths: 1 };
      bids.push({ subcontractorId: sub.id, shareBp: tier === 'END_TO_END' ? 1_500 : 200 });
      sink.add('subcontract', [
        subcontractId,
        programmeId,
        primeContractId,
        sub.id,
        tier,
        copyArray(sub.specialism ? [sub.specialism] : []),
        termsKind,
        JSON.stringify({ kind: termsKind, managementFeeBasisPoints, paymentSlaDays, ...terms }),
        managementFeeBasisPoints,
        paymentSlaDays,
        weight * 100,
        weight * 150,
        PROGRAMME_START,
        AS_OF,
        createdAt,
      ]);
      return {
        id: subcontractId,
        subcontractorId: sub.id,
        weight,
        servesGroups: null,
        termsKind,
        shareBasisPoints,
        ratesPence,
        managementFeeBasisPoints,
        paymentSlaDays,
        lateChance: sub.voluntary && (sub.band === 'MICRO' || sub.band === 'SMALL') ? 0.3 : 0.1,
        caseworkerUserId: sub.caseworker,
        financeUserId: sub.finance,
        cashAccountId: sub.cash,
      };
    });
    // A bid promises at most the whole contract (bid_commitment_shares_within_whole): scale down a chain promised more.
    const promisedBp = bids.reduce((sum, bid) => sum + bid.shareBp, 0);
    for (const bid of bids) {
      const shareBp =
        promisedBp > 10_000 ? Math.floor((bid.shareBp * 10_000) / promisedBp) : bid.shareBp;
      sink.add('bid_commitment', [
        id('bid_commitment'),
        primeContractId,
        bid.subcontractorId,
        shareBp,
        shareBp,
      ]);
    }
    if (!subcontracts.some((s) => s.weight > 0) && subcontracts[0]) subcontracts[0].weight = 20;
    contracts.push({
      programmeId,
      primeContractId,
      code,
      startsOn: toDay(PROGRAMME_START),
      model: 'WORK_PROGRAMME',
      groups: WORK_PROGRAMME_GROUP_MIX.map((g) => ({ ...g, id: groupIds.get(g.code) ?? '' })),
      price: createPriceLookup(model, PROGRAMME_START),
      rules: model.rules,
      capPerParticipantPence: null,
      jobOutcomeWeeks: workProgrammeOutcomeWeeks,
      milestoneTypeIds: written.milestoneTypeIds,
      subcontracts,
      referralPartners: partners,
      primeCaseworkerUserId: prime.caseworker,
      primeFinanceUserId: prime.finance,
      commissionerFinanceUserId: commissionerFinance,
      commissionerCashAccountId: commissionerCash,
      primeCashAccountId: prime.cash,
    });
  }
  return contracts;
}

/** A hash of every row of the tables the generator writes, for reproducibility checks. */
export async function contentHash(
  client: PoolClient | Pool,
  tables: readonly TableName[],
): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ h: string | null }>(
      `SELECT md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS h FROM ${table} t`,
    );
    parts.push(`${table}:${rows[0]?.h ?? 'empty'}`);
  }
  return parts.join('\n');
}
