// Test world for data protection: a programme with an old prime contract
// (ended 2015, its evidence past any retention) and a current one, people in
// every role that matters, and participants with everything a record can hold
// — NI number, special category data, notes, jobs, a paid claim with evidence,
// a remittance, a subcontractor payment and their ledger transfers. Written
// straight to the test database with unique names, so files run in parallel.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { encryptNiNumber, hmacNiNumber } from '../common/pii/ni-number';
import { FILE_STORAGE, type FileStorage } from '../common/storage/file-storage';
import { anOrganisation, insertRow } from '@waymark/db/test-support';
import { aSignedInUser } from '../test-support/signed-in-user';
import { type TestApp } from '../test-support/test-app';

export const CLAIM_PENCE = 40_000;
export const SPECIAL_CATEGORY = {
  health: 'Type 1 diabetes',
  disability: 'Partial sight loss',
  offending: 'Unspent conviction 2012',
};

export async function aDataProtectionWorld(api: TestApp) {
  const pool = api.db.pool;
  const storage = api.app.get<FileStorage>(FILE_STORAGE);
  const commissioner = await anOrganisation(pool, { kind: 'COMMISSIONER' });
  const prime = await anOrganisation(pool, { kind: 'PRIME' });
  const subcontractor = await anOrganisation(pool, { kind: 'SUBCONTRACTOR' });
  const partner = await anOrganisation(pool, { kind: 'REFERRAL_PARTNER' });
  const outsider = await anOrganisation(pool, { kind: 'COMMISSIONER' });
  const programmeId = await insertRow(pool, 'programme', {
    commissioner_id: commissioner.id,
    name: `Programme ${randomUUID().slice(0, 8)}`,
    starts_on: '2011-06-01',
  });
  const areaId = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: 'Area',
  });
  const paymentModelId = await insertRow(pool, 'payment_model', {
    programme_id: programmeId,
    name: 'Model',
  });
  const versionId = await insertRow(pool, 'payment_model_version', {
    payment_model_id: paymentModelId,
    version: 1,
    effective_from: '2011-06-01',
    definition: {},
  });
  const groupId = await insertRow(pool, 'payment_group', {
    programme_id: programmeId,
    code: 'B',
    name: 'Moderate needs',
  });
  const milestoneTypeId = await insertRow(pool, 'milestone_type', {
    programme_id: programmeId,
    code: 'ATTACHMENT',
    name: 'Attachment',
  });
  const tariffId = await insertRow(pool, 'tariff', {
    payment_model_version_id: versionId,
    payment_group_id: groupId,
    milestone_type_id: milestoneTypeId,
    amount_pence: CLAIM_PENCE,
  });
  const people = {
    commissionerAdmin: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: commissioner.id,
      roles: ['ADMIN'],
    }),
    commissionerAdmin2: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: commissioner.id,
      roles: ['ADMIN'],
    }),
    commissionerAuditor: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: commissioner.id,
      roles: ['AUDITOR'],
    }),
    primeAdmin: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: prime.id,
      roles: ['ADMIN'],
    }),
    primeAuditor: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: prime.id,
      roles: ['AUDITOR'],
    }),
    subCaseworker: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: subcontractor.id,
      roles: ['CASEWORKER'],
    }),
    partnerCaseworker: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: partner.id,
      roles: ['CASEWORKER'],
    }),
    outsiderAdmin: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: outsider.id,
      roles: ['ADMIN'],
    }),
  };
  const recorderId = people.subCaseworker.id;

  async function aContract(endsOn: string) {
    const primeContractId = await insertRow(pool, 'prime_contract', {
      programme_id: programmeId,
      contract_area_id: areaId,
      prime_id: prime.id,
      payment_model_id: paymentModelId,
      reference: `PC-${randomUUID().slice(0, 8)}`,
      value_cap_pence: 1_000_000_000,
      starts_on: '2011-06-01',
      ends_on: endsOn,
    });
    const subcontractId = await insertRow(pool, 'subcontract', {
      programme_id: programmeId,
      prime_contract_id: primeContractId,
      subcontractor_id: subcontractor.id,
      tier: 'END_TO_END',
      terms_kind: 'PBR_SHARE',
      terms: { shareBasisPoints: 8000 },
      payment_sla_days: 30,
      starts_on: '2011-06-01',
    });
    return { primeContractId, subcontractId };
  }
  // A second area per contract would be realistic; one area, one prime, two contracts needs distinct areas (unique key).
  const oldContract = await aContract('2015-03-31');
  const currentAreaId = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: 'Area 2',
  });
  await pool.query('UPDATE prime_contract SET contract_area_id = $1 WHERE id = $2', [
    currentAreaId,
    oldContract.primeContractId,
  ]);
  const currentContract = await aContract('2035-12-31');

  const ledgerAccount = async (organisationId: string, code: string) =>
    insertRow(pool, 'ledger_account', {
      organisation_id: organisationId,
      programme_id: programmeId,
      code,
      name: code,
    });
  const accounts = {
    commissionerCash: await ledgerAccount(commissioner.id, 'CASH'),
    primeReceivable: await ledgerAccount(prime.id, 'RECEIVABLE_FROM_COMMISSIONER'),
    primeCash: await ledgerAccount(prime.id, 'CASH'),
    subcontractorReceivable: await ledgerAccount(subcontractor.id, 'RECEIVABLE_FROM_PRIME'),
  };

  async function aTransfer(
    scope: { primeContractId: string },
    link: Record<string, string>,
    from: string,
    to: string,
    amountPence: number,
  ) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const transactionId = await insertRow(client, 'ledger_transaction', {
        programme_id: programmeId,
        prime_contract_id: scope.primeContractId,
        description: 'transfer',
        ...link,
      });
      for (const [accountId, amount] of [
        [from, -amountPence],
        [to, amountPence],
      ] as const) {
        await insertRow(client, 'ledger_entry', {
          programme_id: programmeId,
          prime_contract_id: scope.primeContractId,
          transaction_id: transactionId,
          account_id: accountId,
          amount_pence: amount,
        });
      }
      await client.query('COMMIT');
      return transactionId;
    } finally {
      client.release();
    }
  }

  /**
   * A participant with a full record. `exitedOn` makes the referral EXITED on
   * that day (otherwise ATTACHED and live); `activityOn` dates its activity.
   */
  async function aParticipant(options: {
    contract: typeof oldContract;
    exitedOn?: string;
    activityOn: string;
    attachedOn?: string;
  }) {
    const niNumber = `QQ${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}C`;
    const scope = {
      programme_id: programmeId,
      prime_contract_id: options.contract.primeContractId,
    };
    const reference = `P-${randomUUID().slice(0, 8)}`;
    const participantId = await insertRow(pool, 'participant', {
      ...scope,
      reference,
      ni_number_hmac: hmacNiNumber(niNumber, api.config.piiHmacKey),
      ni_number_ciphertext: encryptNiNumber(niNumber, api.config.piiEncryptionKey),
      benefit_type: 'ESA',
      date_of_birth: '1980-07-15',
    });
    await pool.query(
      `INSERT INTO participant_special_category (participant_id, programme_id, prime_contract_id, data, recorded_by_user_id) VALUES ($1, $2, $3, $4, $5)`,
      [participantId, programmeId, options.contract.primeContractId, SPECIAL_CATEGORY, recorderId],
    );
    await insertRow(pool, 'needs_assessment', {
      ...scope,
      participant_id: participantId,
      barriers: JSON.stringify([{ type: 'HEALTH', severity: 3 }]),
      payment_group_id: groupId,
      rule_id: 'B',
      explanation: 'one HIGH health barrier',
      assessed_by_user_id: recorderId,
    });
    const attachedOn = options.attachedOn ?? '2012-01-10';
    const referralId = await insertRow(pool, 'referral', {
      ...scope,
      referral_partner_id: partner.id,
      participant_id: participantId,
      external_reference: `JCP-${randomUUID().slice(0, 8)}`,
      status: options.exitedOn ? 'EXITED' : 'ATTACHED',
      subcontract_id: options.contract.subcontractId,
      received_at: `${attachedOn}T09:00:00Z`,
      attached_on: attachedOn,
      exited_on: options.exitedOn ?? null,
      exit_reason: options.exitedOn ? 'Completed the programme' : null,
    });
    await insertRow(pool, 'activity', {
      ...scope,
      referral_id: referralId,
      kind: 'CONTACT',
      occurred_on: options.activityOn,
      notes: 'Discussed her diabetes and housing with her sister present',
      recorded_by_user_id: recorderId,
    });
    await insertRow(pool, 'journey_event', {
      ...scope,
      referral_id: referralId,
      milestone_code: 'JOB_START',
      achieved_on: options.activityOn,
      details: { employer: 'Acme Ltd' },
      recorded_by_user_id: recorderId,
    });
    await insertRow(pool, 'job_spell', {
      ...scope,
      referral_id: referralId,
      employer: 'Acme Ltd',
      started_on: options.activityOn,
      recorded_by_user_id: recorderId,
    });
    const claimId = await insertRow(pool, 'claim', {
      ...scope,
      referral_id: referralId,
      subcontract_id: options.contract.subcontractId,
      milestone_type_id: milestoneTypeId,
      milestone_on: attachedOn,
      tariff_id: tariffId,
      amount_pence: CLAIM_PENCE,
      status: 'PAID',
      created_by_user_id: recorderId,
    });
    await insertRow(pool, 'claim_transition', {
      ...scope,
      claim_id: claimId,
      from_status: null,
      to_status: 'DRAFT',
      by_user_id: recorderId,
    });
    const stored = await storage.put(
      Readable.from([Buffer.from(`%PDF-1.4 evidence for ${reference}`)]),
      { prefix: 'evidence', maxBytes: 1024 * 1024 },
    );
    const evidenceId = await insertRow(pool, 'evidence', {
      ...scope,
      claim_id: claimId,
      filename: 'payslip.pdf',
      content_type: 'application/pdf',
      size_bytes: stored.sizeBytes,
      sha256: Buffer.from(stored.sha256, 'hex'),
      storage_key: stored.key,
      uploaded_by_user_id: recorderId,
    });
    const remittanceId = await insertRow(pool, 'remittance', {
      ...scope,
      period_start: attachedOn,
      period_end: attachedOn,
      status: 'PAID',
      paid_reference: 'BACS-1',
      paid_on: attachedOn,
    });
    const remittanceLineId = await insertRow(pool, 'remittance_line', {
      ...scope,
      remittance_id: remittanceId,
      claim_id: claimId,
      amount_pence: CLAIM_PENCE,
    });
    await aTransfer(
      options.contract,
      { remittance_id: remittanceId },
      accounts.commissionerCash,
      accounts.primeReceivable,
      CLAIM_PENCE,
    );
    const paymentId = await insertRow(pool, 'subcontractor_payment', {
      ...scope,
      subcontract_id: options.contract.subcontractId,
      period_start: attachedOn,
      period_end: attachedOn,
      due_on: attachedOn,
      status: 'PAID',
      paid_reference: 'BACS-2',
      paid_on: attachedOn,
    });
    const paymentLineId = await insertRow(pool, 'subcontractor_payment_line', {
      ...scope,
      subcontractor_payment_id: paymentId,
      claim_id: claimId,
      description: 'Attachment',
      gross_pence: 32_000,
      management_fee_pence: 2_000,
      amount_pence: 30_000,
    });
    await aTransfer(
      options.contract,
      { subcontractor_payment_id: paymentId },
      accounts.primeCash,
      accounts.subcontractorReceivable,
      30_000,
    );
    return {
      participantId,
      reference,
      niNumber,
      referralId,
      claimId,
      evidenceId,
      storageKey: stored.key,
      sha256: stored.sha256,
      remittanceLineId,
      paymentLineId,
    };
  }

  /** Whether a stored file can still be read. */
  async function isStored(key: string): Promise<boolean> {
    return new Promise((resolve) => {
      const stream = storage.get(key);
      stream.on('error', () => resolve(false));
      stream.on('readable', () => {
        stream.destroy();
        resolve(true);
      });
    });
  }

  return {
    programmeId,
    commissioner,
    prime,
    subcontractor,
    partner,
    outsider,
    people,
    oldContract,
    currentContract,
    aParticipant,
    isStored,
  };
}
