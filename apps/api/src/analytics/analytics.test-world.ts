// A small programme whose every analytics figure can be worked out by hand
// (the expectations in analytics.test.ts). Two primes in one programme, three
// subcontractors, two payment groups, five referrals, two paid claims, one
// remittance and three subcontractor payments. Unique names, so files run in parallel.
import { randomBytes } from 'node:crypto';
import { type Pool } from 'pg';
import { aUser, insertRow, unique as u } from '@waymark/db/test-support';

export const TODAY = new Date().toISOString().slice(0, 10);

export async function anAnalyticsWorld(pool: Pool) {
  const org = (kind: string, extra: Record<string, unknown> = {}) =>
    insertRow(pool, 'organisation', { name: u(kind), kind, ...extra });
  const commissionerId = await org('COMMISSIONER');
  const otherCommissionerId = await org('COMMISSIONER');
  const primeId = await org('PRIME', {
    company_number: u('PC').slice(-8),
    sector_type: 'PRIVATE',
    turnover_band: 'LARGE',
  });
  const otherPrimeId = await org('PRIME');
  const s1 = await org('SUBCONTRACTOR', {
    charity_number: u('CH').slice(-8),
    sector_type: 'VOLUNTARY',
    turnover_band: 'SMALL',
  });
  const s2 = await org('SUBCONTRACTOR', {
    company_number: u('CO').slice(-8),
    sector_type: 'PRIVATE',
    turnover_band: 'LARGE',
  });
  const s3 = await org('SUBCONTRACTOR', { sector_type: 'VOLUNTARY', turnover_band: 'MICRO' });
  const partnerId = await org('REFERRAL_PARTNER');
  const users = {
    commissioner: await aUser(pool, { organisationId: commissionerId, roles: ['ADMIN'] }),
    otherCommissioner: await aUser(pool, { organisationId: otherCommissionerId, roles: ['ADMIN'] }),
    prime: await aUser(pool, { organisationId: primeId, roles: ['ADMIN'] }),
    otherPrime: await aUser(pool, { organisationId: otherPrimeId, roles: ['ADMIN'] }),
    s1: await aUser(pool, { organisationId: s1, roles: ['FINANCE'] }),
  };

  const programmeId = await insertRow(pool, 'programme', {
    commissioner_id: commissionerId,
    name: u('Programme'),
    starts_on: '2025-10-01',
  });
  const area1 = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: u('Area'),
  });
  const area2 = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: u('Area'),
  });
  const modelId = await insertRow(pool, 'payment_model', {
    programme_id: programmeId,
    name: u('Model'),
  });
  const versionId = await insertRow(pool, 'payment_model_version', {
    payment_model_id: modelId,
    version: 1,
    effective_from: '2025-10-01',
    definition: {},
  });
  const easy = await insertRow(pool, 'payment_group', {
    programme_id: programmeId,
    code: 'EASY',
    name: 'Closer to work',
  });
  const hard = await insertRow(pool, 'payment_group', {
    programme_id: programmeId,
    code: 'HARD',
    name: 'Furthest from work',
  });
  const jobOutcome = await insertRow(pool, 'milestone_type', {
    programme_id: programmeId,
    code: 'JOB_OUTCOME',
    name: 'Job outcome',
  });
  const tariff = {
    easyOutcome: await insertRow(pool, 'tariff', {
      payment_model_version_id: versionId,
      payment_group_id: easy,
      milestone_type_id: jobOutcome,
      amount_pence: 100_000,
    }),
    hardOutcome: await insertRow(pool, 'tariff', {
      payment_model_version_id: versionId,
      payment_group_id: hard,
      milestone_type_id: jobOutcome,
      amount_pence: 300_000,
    }),
  };
  const contract = (prime: string, area: string, mpl: number | null) =>
    insertRow(pool, 'prime_contract', {
      programme_id: programmeId,
      contract_area_id: area,
      prime_id: prime,
      payment_model_id: modelId,
      reference: u('PC'),
      value_cap_pence: 50_000_000,
      starts_on: '2025-10-01',
      ends_on: '2030-09-30',
      minimum_performance_level_bp: mpl,
    });
  const c1 = await contract(primeId, area1, 3_000);
  const c2 = await contract(otherPrimeId, area2, null);
  const subcontract = (pc: string, subcontractor: string, sla: number) =>
    insertRow(pool, 'subcontract', {
      programme_id: programmeId,
      prime_contract_id: pc,
      subcontractor_id: subcontractor,
      tier: 'END_TO_END',
      terms_kind: 'PBR_SHARE',
      payment_sla_days: sla,
      starts_on: '2025-10-01',
    });
  const sc1 = await subcontract(c1, s1, 14);
  const sc2 = await subcontract(c1, s2, 30);
  const sc3 = await subcontract(c2, s3, 14);
  const bid = (pc: string, subcontractor: string, referralBp: number, spendBp: number) =>
    insertRow(pool, 'bid_commitment', {
      prime_contract_id: pc,
      subcontractor_id: subcontractor,
      planned_referral_share_bp: referralBp,
      planned_spend_share_bp: spendBp,
    });
  await bid(c1, s1, 5_000, 5_000);
  await bid(c1, s2, 5_000, 3_000);
  await bid(c2, s3, 10_000, 5_000);

  const referral = async (
    pc: string,
    sc: string,
    group: string,
    status: 'ATTACHED' | 'EXITED',
    activities: string[],
  ) => {
    const participantId = await insertRow(pool, 'participant', {
      programme_id: programmeId,
      prime_contract_id: pc,
      reference: u('P'),
      ni_number_hmac: randomBytes(32),
      ni_number_ciphertext: randomBytes(48),
    });
    await insertRow(pool, 'needs_assessment', {
      programme_id: programmeId,
      prime_contract_id: pc,
      participant_id: participantId,
      barriers: JSON.stringify([]),
      payment_group_id: group,
      rule_id: 'test',
      explanation: 'test',
      assessed_by_user_id: users.prime.id,
    });
    const id = await insertRow(pool, 'referral', {
      programme_id: programmeId,
      prime_contract_id: pc,
      referral_partner_id: partnerId,
      participant_id: participantId,
      status,
      subcontract_id: sc,
      received_at: '2026-01-05T09:00:00Z',
      accepted_at: '2026-01-05T10:00:00Z',
      allocated_at: '2026-01-05T11:00:00Z',
      attached_on: '2026-01-10',
      exited_on: status === 'EXITED' ? '2026-03-01' : null,
      exit_reason: status === 'EXITED' ? 'moved away' : null,
    });
    for (const day of activities) {
      await insertRow(pool, 'activity', {
        programme_id: programmeId,
        prime_contract_id: pc,
        referral_id: id,
        kind: 'CONTACT',
        occurred_on: day,
        recorded_by_user_id: users.prime.id,
      });
    }
    return id;
  };
  // C1: S1 gets 1 of 4 referrals (bid: half); S2 gets 3.
  const r1 = await referral(c1, sc1, hard, 'ATTACHED', ['2026-01-08', TODAY]);
  await referral(c1, sc2, easy, 'ATTACHED', ['2026-01-06']); // parked: nothing since January
  await referral(c1, sc2, easy, 'EXITED', ['2026-01-07']); // exited without an outcome
  const r4 = await referral(c1, sc2, easy, 'ATTACHED', ['2026-01-05', TODAY]);
  await referral(c2, sc3, easy, 'ATTACHED', ['2026-01-06', TODAY]);

  const claim = (referralId: string, sc: string, tariffId: string, amount: number) =>
    insertRow(pool, 'claim', {
      programme_id: programmeId,
      prime_contract_id: c1,
      referral_id: referralId,
      subcontract_id: sc,
      milestone_type_id: jobOutcome,
      milestone_on: '2026-02-01',
      tariff_id: tariffId,
      amount_pence: amount,
      status: 'PAID',
      created_by_user_id: users.s1.id,
    });
  const claim1 = await claim(r1, sc1, tariff.hardOutcome, 300_000);
  const claim4 = await claim(r4, sc2, tariff.easyOutcome, 100_000);
  for (const [claimId, steps] of [
    [
      claim1,
      ['DRAFT', 'SUBMITTED', 'PRIME_APPROVED', 'SUBMITTED_TO_COMMISSIONER', 'APPROVED', 'PAID'],
    ],
    [
      claim4,
      ['DRAFT', 'SUBMITTED', 'PRIME_APPROVED', 'SUBMITTED_TO_COMMISSIONER', 'APPROVED', 'PAID'],
    ],
  ] as const) {
    let from: string | null = null;
    let minute = 0;
    for (const to of steps) {
      await insertRow(pool, 'claim_transition', {
        programme_id: programmeId,
        prime_contract_id: c1,
        claim_id: claimId,
        from_status: from,
        to_status: to,
        at: new Date(Date.UTC(2026, 1, 2, 9, minute++)).toISOString(),
      });
      from = to;
    }
  }
  const evidenceId = await insertRow(pool, 'evidence', {
    programme_id: programmeId,
    prime_contract_id: c1,
    claim_id: claim1,
    filename: 'payslip.pdf',
    content_type: 'application/pdf',
    size_bytes: 1234,
    sha256: randomBytes(32),
    storage_key: u('key'),
    uploaded_by_user_id: users.s1.id,
  });
  const remittanceId = await insertRow(pool, 'remittance', {
    programme_id: programmeId,
    prime_contract_id: c1,
    period_start: '2026-02-01',
    period_end: '2026-02-28',
    status: 'PAID',
    paid_reference: 'BACS-1',
    paid_on: '2026-03-12',
  });
  await insertRow(pool, 'remittance_line', {
    programme_id: programmeId,
    prime_contract_id: c1,
    remittance_id: remittanceId,
    claim_id: claim1,
    amount_pence: 300_000,
  });
  await insertRow(pool, 'remittance_line', {
    programme_id: programmeId,
    prime_contract_id: c1,
    remittance_id: remittanceId,
    claim_id: claim4,
    amount_pence: 100_000,
  });
  const payment = async (
    sc: string,
    periodStart: string,
    dueOn: string,
    paidOn: string,
    line: { claimId: string | null; gross: number; fee: number; description: string },
  ) => {
    const id = await insertRow(pool, 'subcontractor_payment', {
      programme_id: programmeId,
      prime_contract_id: c1,
      subcontract_id: sc,
      period_start: periodStart,
      period_end: periodStart.slice(0, 8) + '28',
      due_on: dueOn,
      status: 'PAID',
      paid_reference: u('FP'),
      paid_on: paidOn,
    });
    await insertRow(pool, 'subcontractor_payment_line', {
      programme_id: programmeId,
      prime_contract_id: c1,
      subcontractor_payment_id: id,
      claim_id: line.claimId,
      description: line.description,
      gross_pence: line.gross,
      management_fee_pence: line.fee,
      amount_pence: line.gross - line.fee,
    });
    return id;
  };
  // SP1: 8 days after the remittance (SLA 14, on time); SP2: 50 days (SLA 30, late); SP3: a scheduled fee, 25 days from its SLA
  // clock start.
  const sp1 = await payment(sc1, '2026-03-01', '2026-03-26', '2026-03-20', {
    claimId: claim1,
    gross: 240_000,
    fee: 12_000,
    description: 'JOB_OUTCOME #1',
  });
  const sp2 = await payment(sc2, '2026-03-01', '2026-04-11', '2026-05-01', {
    claimId: claim4,
    gross: 70_000,
    fee: 7_000,
    description: 'JOB_OUTCOME #1',
  });
  const sp3 = await payment(sc2, '2026-04-01', '2026-04-15', '2026-04-10', {
    claimId: null,
    gross: 50_000,
    fee: 5_000,
    description: 'service fee 2026-04',
  });
  return {
    programmeId,
    contracts: { c1, c2 },
    organisations: { commissionerId, otherCommissionerId, primeId, otherPrimeId, s1, s2, s3 },
    subcontracts: { sc1, sc2, sc3 },
    groups: { easy, hard },
    users,
    claims: { claim1, claim4 },
    evidenceId,
    remittanceId,
    payments: { sp1, sp2, sp3 },
  };
}
