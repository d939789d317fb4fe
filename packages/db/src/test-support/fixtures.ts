// The one home of test fixtures: raw SQL inserts that create every parent row
// a table needs, with unique names so files (and tests in a file) run in
// parallel without colliding. Each takes overrides for the columns a test
// cares about. Test worlds (apps/api/src/**/*test-world.ts) build on these;
// nothing else in the tree writes a fixture row by hand.
import { randomBytes, randomUUID } from 'node:crypto';
import { hash, type Algorithm } from '@node-rs/argon2';
import { DatabaseError, type QueryResult, type QueryResultRow } from 'pg';

/** A pg Pool or a checked-out client. */
export interface Sql {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** `label` plus a short random suffix: names stay unique across parallel test files. */
export const unique = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;

/** Inserts one row (column → value) and returns its id. */
export async function insertRow(
  db: Sql,
  table: string,
  values: Record<string, unknown>,
): Promise<string> {
  const columns = Object.keys(values);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`,
    Object.values(values),
  );
  return rows[0]!.id;
}
const insert = insertRow;

/** Every fixture user signs in with this password (unless given its own `password`). */
export const TEST_PASSWORD = 'correct horse battery staple';
const hashes = new Map<string, Promise<string>>();
/** argon2id with the API's parameters (19 MiB, t=2, p=1), so sign-in verifies it as any other; once per password. */
function passwordHashOf(password: string): Promise<string> {
  let hashed = hashes.get(password);
  if (!hashed) {
    hashed = hash(password, {
      algorithm: 2 as Algorithm,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    hashes.set(password, hashed);
  }
  return hashed;
}

export interface Organisation {
  id: string;
  name: string;
  kind: string;
}

/** An organisation (a subcontractor unless `kind` says otherwise); other columns as overrides. */
export async function anOrganisation(
  db: Sql,
  overrides: { kind?: string; name?: string } & Record<string, unknown> = {},
): Promise<Organisation> {
  const kind = overrides.kind ?? 'SUBCONTRACTOR';
  const name = overrides.name ?? unique(kind.toLowerCase());
  const id = await insert(db, 'organisation', { ...overrides, name, kind });
  return { id, name, kind };
}

export interface User {
  id: string;
  organisationId: string;
  email: string;
  password: string;
  roles: string[];
  displayName: string;
}

/** A user who signs in with TEST_PASSWORD (or `password`, or `passwordHash`'s password); a new organisation unless given. */
export async function aUser(
  db: Sql,
  options: {
    organisationId?: string;
    roles?: string[];
    email?: string;
    isActive?: boolean;
    displayName?: string;
    password?: string;
    passwordHash?: string;
  } = {},
): Promise<User> {
  const organisationId = options.organisationId ?? (await anOrganisation(db)).id;
  const email = options.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const roles = options.roles ?? ['CASEWORKER'];
  const displayName = options.displayName ?? 'Test User';
  const password = options.password ?? TEST_PASSWORD;
  const id = await insert(db, 'app_user', {
    organisation_id: organisationId,
    email,
    display_name: displayName,
    password_hash: options.passwordHash ?? (await passwordHashOf(password)),
    roles,
    is_active: options.isActive ?? true,
  });
  return { id, organisationId, email, password, roles, displayName };
}

/** An organisation of the given kind with one user holding the given roles (ADMIN by default). */
export async function aMember(db: Sql, options: { kind?: string; roles?: string[] } = {}) {
  const organisation = await anOrganisation(db, { kind: options.kind ?? 'SUBCONTRACTOR' });
  const user = await aUser(db, {
    organisationId: organisation.id,
    roles: options.roles ?? ['ADMIN'],
  });
  return { organisation, user };
}

export interface PrimeContractWorld {
  programmeId: string;
  primeContractId: string;
  primeId: string;
  paymentModelId: string;
  paymentModelVersionId: string;
  paymentGroupId: string;
  milestoneTypeId: string;
}

/** A programme with one prime contract, payment model version, payment group and milestone type. */
export async function aPrimeContract(
  db: Sql,
  overrides: Record<string, unknown> = {},
): Promise<PrimeContractWorld> {
  const commissionerId = (await anOrganisation(db, { kind: 'COMMISSIONER' })).id;
  const primeId = (await anOrganisation(db, { kind: 'PRIME' })).id;
  const programmeId = await insert(db, 'programme', {
    commissioner_id: commissionerId,
    name: unique('Programme'),
    starts_on: '2026-04-01',
  });
  const contractAreaId = await insert(db, 'contract_area', {
    programme_id: programmeId,
    name: unique('Area'),
  });
  const paymentModelId = await insert(db, 'payment_model', {
    programme_id: programmeId,
    name: unique('Model'),
  });
  const paymentModelVersionId = await aPaymentModelVersion(db, {
    payment_model_id: paymentModelId,
  });
  const paymentGroupId = await insert(db, 'payment_group', {
    programme_id: programmeId,
    code: unique('GROUP'),
    name: 'Group',
  });
  const milestoneTypeId = await insert(db, 'milestone_type', {
    programme_id: programmeId,
    code: 'JOB_START',
    name: 'Job start',
  });
  const primeContractId = await insert(db, 'prime_contract', {
    programme_id: programmeId,
    contract_area_id: contractAreaId,
    prime_id: primeId,
    payment_model_id: paymentModelId,
    reference: unique('PC'),
    value_cap_pence: 100_000_000,
    starts_on: '2026-04-01',
    ends_on: '2031-03-31',
    ...overrides,
  });
  return {
    programmeId,
    primeContractId,
    primeId,
    paymentModelId,
    paymentModelVersionId,
    paymentGroupId,
    milestoneTypeId,
  };
}

export async function aPaymentModelVersion(
  db: Sql,
  overrides: Record<string, unknown> & { payment_model_id: unknown },
): Promise<string> {
  // A draft with an empty definition: enough for rows that point at a version; the API reads only published ones.
  return insert(db, 'payment_model_version', {
    version: 1,
    effective_from: '2026-04-01',
    definition: {},
    ...overrides,
  });
}

export async function aTariff(
  db: Sql,
  world: PrimeContractWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'tariff', {
    payment_model_version_id: world.paymentModelVersionId,
    payment_group_id: world.paymentGroupId,
    milestone_type_id: world.milestoneTypeId,
    amount_pence: 120_000,
    ...overrides,
  });
}

export async function aSubcontract(
  db: Sql,
  world: PrimeContractWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'subcontract', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    subcontractor_id: (await anOrganisation(db)).id,
    tier: 'SPECIALIST',
    terms_kind: 'PBR_SHARE',
    terms: { shareBp: 8000 },
    payment_sla_days: 30,
    starts_on: '2026-04-01',
    ...overrides,
  });
}

export async function aReferral(
  db: Sql,
  world: PrimeContractWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const participantId = await insert(db, 'participant', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    reference: unique('P'),
    ni_number_hmac: randomBytes(32),
    ni_number_ciphertext: randomBytes(48),
  });
  return insert(db, 'referral', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    referral_partner_id: (await anOrganisation(db, { kind: 'REFERRAL_PARTNER' })).id,
    participant_id: participantId,
    ...overrides,
  });
}

export interface ClaimWorld extends PrimeContractWorld {
  referralId: string;
  tariffId: string;
  userId: string;
}

export async function aClaimWorld(db: Sql): Promise<ClaimWorld> {
  const world = await aPrimeContract(db);
  return {
    ...world,
    referralId: await aReferral(db, world),
    tariffId: await aTariff(db, world),
    userId: (await aUser(db, { organisationId: world.primeId })).id,
  };
}

export async function aClaim(
  db: Sql,
  world: ClaimWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'claim', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    referral_id: world.referralId,
    milestone_type_id: world.milestoneTypeId,
    occurrence: 1,
    milestone_on: '2026-06-01',
    tariff_id: world.tariffId,
    amount_pence: 120_000,
    status: 'SUBMITTED',
    created_by_user_id: world.userId,
    ...overrides,
  });
}

export async function aLedgerAccount(
  db: Sql,
  world: PrimeContractWorld,
  code = unique('ACCOUNT'),
): Promise<string> {
  return insert(db, 'ledger_account', {
    organisation_id: world.primeId,
    programme_id: world.programmeId,
    code,
    name: code,
  });
}

export async function aLedgerTransaction(db: Sql, world: PrimeContractWorld): Promise<string> {
  return insert(db, 'ledger_transaction', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    description: unique('Transfer'),
  });
}

export async function aLedgerEntry(
  db: Sql,
  world: PrimeContractWorld,
  entry: { transactionId: string; accountId: string; amountPence: number },
): Promise<string> {
  return insert(db, 'ledger_entry', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    transaction_id: entry.transactionId,
    account_id: entry.accountId,
    amount_pence: entry.amountPence,
  });
}

/** The database error a statement fails with; fails the test if it succeeds. */
export async function databaseErrorOf(statement: Promise<unknown>): Promise<DatabaseError> {
  try {
    await statement;
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('Expected the statement to be rejected by the database, but it succeeded');
}
