// Every query of the claims area: claims, their transitions and submissions,
// and the journey and tariff facts a claim is checked and priced against.
import { Injectable } from '@nestjs/common';
import { type ClaimStatus, LIVE_CLAIM_STATUSES, type MilestoneCode } from '@waymark/domain';
import { DatabaseError, type PoolClient } from 'pg';
import { visibleClaimSql } from './claim-scope';

export interface ClaimRow {
  id: string;
  programmeId: string;
  primeContractId: string;
  referralId: string;
  participantReference: string;
  subcontractId: string | null;
  milestoneTypeId: string;
  milestoneCode: MilestoneCode;
  milestoneName: string;
  /** The payment model and version whose definition priced the claim, in words. */
  pricedUnder: string;
  occurrence: number;
  milestoneOn: string;
  tariffId: string;
  amountPence: string;
  clawedBackPence: string;
  status: ClaimStatus;
  submissionId: string | null;
  createdByUserId: string;
  createdAt: Date;
  /** created_at with microseconds, for keyset cursors. */
  createdAtKey: string;
  submittedAt: Date | null;
  decidedAt: Date | null;
  version: number;
  /** The caller's relation to the claim's contract. */
  relation: 'COMMISSIONER' | 'PRIME' | 'SUBCONTRACTOR';
  dataMatchOutcome: 'VERIFIED' | 'FLAGGED' | null;
  dataMatchUploadId: string | null;
  dataMatchCheckedAt: Date | null;
  dataMatchReason: string | null;
}

/** An evidence override as recorded; withdrawn ones keep their row, with who withdrew them, when and why. */
export interface EvidenceOverrideRow {
  id: string;
  byUserId: string;
  byName: string | null;
  at: Date;
  reason: string;
  withdrawnAt: Date | null;
  withdrawnByUserId: string | null;
  withdrawnByName: string | null;
  withdrawalReason: string | null;
}

export interface ReferralContext {
  id: string;
  programmeId: string;
  primeContractId: string;
  subcontractId: string | null;
  subcontractorId: string | null;
  participantId: string;
  primeId: string;
  commissionerId: string;
  paymentModelId: string;
  contractStartsOn: string;
  valueCapPence: string;
  referralDate: string;
  attachedOn: string | null;
}

export interface ClaimListFilters {
  status?: ClaimStatus;
  primeContractId?: string;
  subcontractId?: string;
  milestoneCode?: MilestoneCode;
  milestoneFrom?: string;
  milestoneTo?: string;
  /** Inbox: statuses the caller acts on, and (for a prime) those it acts on as the delivering provider. */
  inbox?: { statuses: ClaimStatus[]; deliveringStatuses: ClaimStatus[] };
  after?: { createdAt: string; id: string };
  /** A column to order by first ("-" for descending); newest first breaks ties. */
  sort?: ClaimSort;
  /** Offset paging (page numbers); the keyset cursor is the other way through the list. */
  offset?: number;
  limit: number;
}

export const CLAIM_SORT_COLUMNS = [
  'milestoneOn',
  'amount',
  'status',
  'participant',
  'createdAt',
] as const;
export type ClaimSort =
  (typeof CLAIM_SORT_COLUMNS)[number] | `-${(typeof CLAIM_SORT_COLUMNS)[number]}`;

/** Sortable columns as SQL; status sorts in its lifecycle order (the enum's), not alphabetically. */
const SORT_SQL: Record<(typeof CLAIM_SORT_COLUMNS)[number], string> = {
  milestoneOn: 'c.milestone_on',
  amount: 'c.amount_pence',
  status: 'c.status',
  participant: 'pt.reference',
  createdAt: 'c.created_at',
};

function orderBySql(sort: ClaimSort | undefined): string {
  if (!sort) return '';
  const descending = sort.startsWith('-');
  const column =
    SORT_SQL[(descending ? sort.slice(1) : sort) as (typeof CLAIM_SORT_COLUMNS)[number]];
  return `${column} ${descending ? 'DESC' : 'ASC'}, `;
}

/**
 * The list's filters, shared by the page query and the whole-filter totals so the two can never disagree.
 * They read only claim's own columns (the milestone code and the prime through id subqueries), so the
 * page query picks its rows before joining anything; the inbox names every status it can hold as one
 * plain condition, so the index on (prime_contract_id, status) narrows the inbox's count by status.
 */
const LIST_FILTER_SQL = `
        AND ($2::"ClaimStatus" IS NULL OR c.status = $2)
        AND ($3::uuid IS NULL OR c.prime_contract_id = $3)
        AND ($4::uuid IS NULL OR c.subcontract_id = $4)
        AND ($5::text IS NULL OR c.milestone_type_id IN (SELECT fmt.id FROM milestone_type fmt WHERE fmt.code = $5))
        AND ($6::date IS NULL OR c.milestone_on >= $6)
        AND ($7::date IS NULL OR c.milestone_on <= $7)
        AND ($8::"ClaimStatus"[] IS NULL OR (c.status = ANY($8::"ClaimStatus"[] || $9::"ClaimStatus"[])
          AND (c.status = ANY($8)
            OR (c.subcontract_id IS NULL AND c.status = ANY($9)
              AND c.prime_contract_id IN (SELECT fpc.id FROM prime_contract fpc WHERE fpc.prime_id = $1)))))`;

function filterParams(
  organisationId: string,
  filters: Omit<ClaimListFilters, 'after' | 'limit' | 'offset'>,
) {
  return [
    organisationId,
    filters.status ?? null,
    filters.primeContractId ?? null,
    filters.subcontractId ?? null,
    filters.milestoneCode ?? null,
    filters.milestoneFrom ?? null,
    filters.milestoneTo ?? null,
    filters.inbox?.statuses ?? null,
    filters.inbox?.deliveringStatuses ?? [],
  ];
}

const CLAIM_SELECT = `
  SELECT c.id, c.programme_id AS "programmeId", c.prime_contract_id AS "primeContractId", c.referral_id AS "referralId",
    pt.reference AS "participantReference", c.subcontract_id AS "subcontractId", c.milestone_type_id AS "milestoneTypeId",
    mt.code::text AS "milestoneCode", mt.name AS "milestoneName", c.occurrence, c.milestone_on::text AS "milestoneOn", c.tariff_id AS "tariffId",
    (SELECT m.name || ', version ' || v.version FROM tariff t JOIN payment_model_version v ON v.id = t.payment_model_version_id
       JOIN payment_model m ON m.id = v.payment_model_id WHERE t.id = c.tariff_id) AS "pricedUnder",
    c.amount_pence::text AS "amountPence",
    (SELECT COALESCE(sum(cb.amount_pence), 0) FROM claim_clawback cb WHERE cb.claim_id = c.id)::text AS "clawedBackPence",
    c.status::text AS status, c.submission_id AS "submissionId", c.created_by_user_id AS "createdByUserId",
    c.created_at AS "createdAt", c.created_at::text AS "createdAtKey", c.submitted_at AS "submittedAt", c.decided_at AS "decidedAt", c.version,
    CASE WHEN pg.commissioner_id = $1 THEN 'COMMISSIONER' WHEN pc.prime_id = $1 THEN 'PRIME' ELSE 'SUBCONTRACTOR' END AS relation,
    dm.outcome::text AS "dataMatchOutcome", dm.upload_id AS "dataMatchUploadId", dm.checked_at AS "dataMatchCheckedAt", dm.reason AS "dataMatchReason"
  FROM claim c
  JOIN milestone_type mt ON mt.id = c.milestone_type_id
  JOIN prime_contract pc ON pc.id = c.prime_contract_id
  JOIN programme pg ON pg.id = c.programme_id
  JOIN referral r ON r.id = c.referral_id
  JOIN participant pt ON pt.id = r.participant_id
  LEFT JOIN LATERAL (
    SELECT d.outcome, d.upload_id, d.checked_at, d.reason FROM data_match_result d WHERE d.claim_id = c.id ORDER BY d.checked_at DESC LIMIT 1
  ) dm ON true
  WHERE ${visibleClaimSql('c', '$1')}`;

@Injectable()
export class ClaimsRepository {
  async findVisible(
    client: PoolClient,
    organisationId: string,
    claimId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ClaimRow | undefined> {
    const { rows } = await client.query<ClaimRow>(
      `${CLAIM_SELECT} AND c.id = $2${options.forUpdate ? ' FOR UPDATE OF c' : ''}`,
      [organisationId, claimId],
    );
    return rows[0];
  }

  async findManyVisible(
    client: PoolClient,
    organisationId: string,
    claimIds: string[],
  ): Promise<ClaimRow[]> {
    const { rows } = await client.query<ClaimRow>(
      `${CLAIM_SELECT} AND c.id = ANY($2::uuid[]) ORDER BY c.id FOR UPDATE OF c`,
      [organisationId, claimIds],
    );
    return rows;
  }

  async list(
    client: PoolClient,
    organisationId: string,
    filters: ClaimListFilters,
  ): Promise<ClaimRow[]> {
    // The page's ids first, from claim alone (joining only participant when sorting by it), then the
    // row's details for those ids: joining every visible claim before the LIMIT read them all.
    const orderBy = `${orderBySql(filters.sort)}c.created_at DESC, c.id DESC`;
    const { rows } = await client.query<ClaimRow>(
      `${CLAIM_SELECT} AND c.id IN (
        SELECT c.id FROM claim c${
          filters.sort?.endsWith('participant')
            ? ' JOIN referral r ON r.id = c.referral_id JOIN participant pt ON pt.id = r.participant_id'
            : ''
        }
        WHERE ${visibleClaimSql('c', '$1')}${LIST_FILTER_SQL}
          AND ($10::timestamptz IS NULL OR (c.created_at, c.id) < ($10, $11::uuid))
        ORDER BY ${orderBy}
        LIMIT $12 OFFSET $13)
      ORDER BY ${orderBy}`,
      [
        ...filterParams(organisationId, filters),
        filters.after?.createdAt ?? null,
        filters.after?.id ?? null,
        filters.limit,
        filters.offset ?? 0,
      ],
    );
    return rows;
  }

  /**
   * How many claims the whole filter holds and what they add up to, whatever page is in view, counted exactly up to
   * `cap` and no further: the scan stops after cap + 1 matching claims, so the figure costs at most cap + 1 rows
   * however many claims the caller can see (6M for the commissioner at 2M referrals). Answers cap + 1 claims when
   * there are more than cap; their sum is then of those rows only, which the service does not report.
   */
  async summarise(
    client: PoolClient,
    organisationId: string,
    filters: Omit<ClaimListFilters, 'after' | 'limit' | 'offset'>,
    cap: number,
  ): Promise<{ total: number; totalPence: string }> {
    const { rows } = await client.query<{ total: number; totalPence: string }>(
      `SELECT count(*)::int AS total, COALESCE(sum(counted.amount_pence), 0)::text AS "totalPence"
       FROM (SELECT c.amount_pence FROM claim c
              WHERE ${visibleClaimSql('c', '$1')}${LIST_FILTER_SQL}
              LIMIT $10) counted`,
      [...filterParams(organisationId, filters), cap + 1],
    );
    return rows[0]!;
  }

  async transitionsOf(client: PoolClient, claimId: string) {
    const { rows } = await client.query<{
      fromStatus: ClaimStatus | null;
      toStatus: ClaimStatus;
      byUserId: string | null;
      byName: string | null;
      byOrganisationName: string | null;
      at: Date;
      reason: string | null;
    }>(
      `SELECT t.from_status::text AS "fromStatus", t.to_status::text AS "toStatus", t.by_user_id AS "byUserId",
              u.display_name AS "byName", o.name AS "byOrganisationName", t.at, t.reason
       FROM claim_transition t LEFT JOIN app_user u ON u.id = t.by_user_id LEFT JOIN organisation o ON o.id = u.organisation_id
       WHERE t.claim_id = $1 ORDER BY t.at, t.id`,
      [claimId],
    );
    return rows;
  }

  /** Did this user submit the claim (to the prime or to the commissioner) at any point? */
  async hasSubmitted(client: PoolClient, claimId: string, userId: string): Promise<boolean> {
    const { rowCount } = await client.query(
      `SELECT 1 FROM claim_transition WHERE claim_id = $1 AND by_user_id = $2 AND to_status IN ('SUBMITTED', 'SUBMITTED_TO_COMMISSIONER') LIMIT 1`,
      [claimId, userId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Moves the claim on and bumps its version; stamps submitted/decided times. */
  async updateStatus(
    client: PoolClient,
    claim: Pick<ClaimRow, 'id'>,
    to: ClaimStatus,
    options: { submissionId?: string } = {},
  ): Promise<number> {
    const { rows } = await client.query<{ version: number }>(
      `UPDATE claim SET status = $2::"ClaimStatus", version = version + 1,
         submission_id = COALESCE($3::uuid, submission_id),
         submitted_at = CASE WHEN $2 IN ('SUBMITTED', 'SUBMITTED_TO_COMMISSIONER') THEN now() ELSE submitted_at END,
         decided_at = CASE WHEN $2 IN ('PRIME_APPROVED', 'PRIME_REJECTED', 'APPROVED', 'REJECTED') THEN now() ELSE decided_at END
       WHERE id = $1 RETURNING version`,
      [claim.id, to, options.submissionId ?? null],
    );
    return rows[0]!.version;
  }

  async insertTransition(
    client: PoolClient,
    claim: Pick<ClaimRow, 'id' | 'programmeId' | 'primeContractId'>,
    step: { from: ClaimStatus | null; to: ClaimStatus; byUserId: string | null; reason?: string },
  ): Promise<void> {
    await client.query(
      `INSERT INTO claim_transition (programme_id, prime_contract_id, claim_id, from_status, to_status, by_user_id, reason)
       VALUES ($1, $2, $3, $4::"ClaimStatus", $5::"ClaimStatus", $6, $7)`,
      [
        claim.programmeId,
        claim.primeContractId,
        claim.id,
        step.from,
        step.to,
        step.byUserId,
        step.reason ?? null,
      ],
    );
  }

  // ───────── drafting: the referral's facts, rules and tariffs ─────────

  /**
   * Evidence files on the claim that have not been purged, and every override recorded on it (in force or
   * withdrawn), oldest first. Reads the evidence
   * area's table (a count only) because the evidence area depends on this one, not the other way round.
   */
  async evidenceOf(
    client: PoolClient,
    claimId: string,
  ): Promise<{ fileCount: number; overrides: EvidenceOverrideRow[] }> {
    const files = await client.query<{ fileCount: number }>(
      `SELECT count(*)::int AS "fileCount" FROM evidence e
       WHERE e.claim_id = $1 AND NOT EXISTS (SELECT 1 FROM evidence_purge p WHERE p.evidence_id = e.id)`,
      [claimId],
    );
    const overrides = await client.query<EvidenceOverrideRow>(
      `SELECT o.id, o.by_user_id AS "byUserId", u.display_name AS "byName", o.at, o.reason,
              o.withdrawn_at AS "withdrawnAt", o.withdrawn_by_user_id AS "withdrawnByUserId",
              w.display_name AS "withdrawnByName", o.withdrawal_reason AS "withdrawalReason"
       FROM claim_evidence_override o
       LEFT JOIN app_user u ON u.id = o.by_user_id
       LEFT JOIN app_user w ON w.id = o.withdrawn_by_user_id
       WHERE o.claim_id = $1
       ORDER BY o.at, o.id`,
      [claimId],
    );
    return { fileCount: files.rows[0]!.fileCount, overrides: overrides.rows };
  }

  /** Records the override at `at` (the API's clock); false if the claim already has one in force. */
  async insertEvidenceOverride(
    client: PoolClient,
    claim: { id: string; programmeId: string; primeContractId: string },
    input: { reason: string; byUserId: string; at: Date },
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `INSERT INTO claim_evidence_override (claim_id, programme_id, prime_contract_id, reason, by_user_id, at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (claim_id) WHERE withdrawn_at IS NULL DO NOTHING`,
      [claim.id, claim.programmeId, claim.primeContractId, input.reason, input.byUserId, input.at],
    );
    return rowCount === 1;
  }

  /** Marks the override withdrawn (who, when, why); the row stays. False if it was already withdrawn. */
  async withdrawEvidenceOverride(
    client: PoolClient,
    overrideId: string,
    input: { reason: string; byUserId: string; at: Date },
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE claim_evidence_override
       SET withdrawn_at = $2, withdrawn_by_user_id = $3, withdrawal_reason = $4
       WHERE id = $1 AND withdrawn_at IS NULL`,
      [overrideId, input.at, input.byUserId, input.reason],
    );
    return rowCount === 1;
  }

  async findReferralContext(
    client: PoolClient,
    referralId: string,
  ): Promise<ReferralContext | undefined> {
    const { rows } = await client.query<ReferralContext>(
      `SELECT r.id, r.programme_id AS "programmeId", r.prime_contract_id AS "primeContractId", r.subcontract_id AS "subcontractId",
         s.subcontractor_id AS "subcontractorId", r.participant_id AS "participantId", pc.prime_id AS "primeId",
         pg.commissioner_id AS "commissionerId", pc.payment_model_id AS "paymentModelId", pc.starts_on::text AS "contractStartsOn",
         pc.value_cap_pence::text AS "valueCapPence", (r.received_at AT TIME ZONE 'UTC')::date::text AS "referralDate",
         r.attached_on::text AS "attachedOn"
       FROM referral r
       JOIN prime_contract pc ON pc.id = r.prime_contract_id
       JOIN programme pg ON pg.id = r.programme_id
       LEFT JOIN subcontract s ON s.id = r.subcontract_id
       WHERE r.id = $1`,
      [referralId],
    );
    return rows[0];
  }

  /** The payment group of the participant's latest needs assessment. */
  async latestPaymentGroup(client: PoolClient, participantId: string): Promise<string | undefined> {
    const { rows } = await client.query<{ code: string }>(
      `SELECT g.code FROM needs_assessment na JOIN payment_group g ON g.id = na.payment_group_id
       WHERE na.participant_id = $1 ORDER BY na.assessed_at DESC, na.id DESC LIMIT 1`,
      [participantId],
    );
    return rows[0]?.code;
  }

  async milestoneTypeId(
    client: PoolClient,
    programmeId: string,
    code: string,
  ): Promise<string | undefined> {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM milestone_type WHERE programme_id = $1 AND code = $2',
      [programmeId, code],
    );
    return rows[0]?.id;
  }

  /**
   * Locks the contract's live claim total until commit, so drafts under one
   * contract are priced against the cap one after another
   * (waymark_lock_claim_total in prisma/schema.sql). Only the draft takes it.
   */
  async lockContractClaimTotal(client: PoolClient, primeContractId: string): Promise<void> {
    await client.query('SELECT waymark_lock_claim_total($1)', [primeContractId]);
  }

  /** Live claim value already counted against the contract's and the participant's caps (all parties' claims). */
  async claimedPence(
    client: PoolClient,
    primeContractId: string,
    participantId: string,
  ): Promise<{ contractPence: bigint; participantPence: bigint }> {
    const { rows } = await client.query<{ contract_pence: string; participant_pence: string }>(
      'SELECT * FROM waymark_claimed_pence($1, $2)',
      [primeContractId, participantId],
    );
    return {
      contractPence: BigInt(rows[0]?.contract_pence ?? 0),
      participantPence: BigInt(rows[0]?.participant_pence ?? 0),
    };
  }

  async findLiveClaimId(
    client: PoolClient,
    key: { referralId: string; milestoneTypeId: string; occurrence: number },
  ): Promise<{ id: string; status: ClaimStatus } | undefined> {
    const { rows } = await client.query<{ id: string; status: ClaimStatus }>(
      `SELECT id, status::text AS status FROM claim
       WHERE referral_id = $1 AND milestone_type_id = $2 AND occurrence = $3 AND status = ANY($4::"ClaimStatus"[])`,
      [key.referralId, key.milestoneTypeId, key.occurrence, LIVE_CLAIM_STATUSES],
    );
    return rows[0];
  }

  /**
   * Inserts a DRAFT claim; `duplicate` when claim_one_live_per_occurrence already holds a live one
   * (a concurrent draft). The savepoint keeps the transaction usable to name the existing claim.
   */
  async insertDraft(
    client: PoolClient,
    claim: {
      programmeId: string;
      primeContractId: string;
      referralId: string;
      subcontractId: string | null;
      milestoneTypeId: string;
      occurrence: number;
      milestoneOn: string;
      tariffId: string;
      amountPence: bigint;
      createdByUserId: string;
    },
  ): Promise<{ kind: 'created'; id: string } | { kind: 'duplicate' }> {
    await client.query('SAVEPOINT claim_draft');
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO claim (programme_id, prime_contract_id, referral_id, subcontract_id, milestone_type_id, occurrence, milestone_on, tariff_id, amount_pence, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          claim.programmeId,
          claim.primeContractId,
          claim.referralId,
          claim.subcontractId,
          claim.milestoneTypeId,
          claim.occurrence,
          claim.milestoneOn,
          claim.tariffId,
          claim.amountPence,
          claim.createdByUserId,
        ],
      );
      await client.query('RELEASE SAVEPOINT claim_draft');
      return { kind: 'created', id: rows[0]!.id };
    } catch (error) {
      if (
        error instanceof DatabaseError &&
        error.code === '23505' &&
        error.constraint === 'claim_one_live_per_occurrence'
      ) {
        await client.query('ROLLBACK TO SAVEPOINT claim_draft');
        return { kind: 'duplicate' };
      }
      throw error;
    }
  }

  // ───────── submissions to the commissioner ─────────

  async insertSubmission(
    client: PoolClient,
    submission: {
      programmeId: string;
      primeContractId: string;
      reference: string;
      submittedByUserId: string;
    },
  ): Promise<{ kind: 'created'; id: string; submittedAt: Date } | { kind: 'duplicate' }> {
    await client.query('SAVEPOINT claim_submission');
    try {
      const { rows } = await client.query<{ id: string; submittedAt: Date }>(
        `INSERT INTO claim_submission (programme_id, prime_contract_id, reference, submitted_by_user_id) VALUES ($1, $2, $3, $4)
         RETURNING id, submitted_at AS "submittedAt"`,
        [
          submission.programmeId,
          submission.primeContractId,
          submission.reference,
          submission.submittedByUserId,
        ],
      );
      await client.query('RELEASE SAVEPOINT claim_submission');
      return { kind: 'created', ...rows[0]! };
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505') {
        await client.query('ROLLBACK TO SAVEPOINT claim_submission');
        return { kind: 'duplicate' };
      }
      throw error;
    }
  }

  async findPrimeContract(
    client: PoolClient,
    organisationId: string,
    primeContractId: string,
  ): Promise<{ id: string; programmeId: string } | undefined> {
    const { rows } = await client.query<{ id: string; programmeId: string }>(
      'SELECT id, programme_id AS "programmeId" FROM prime_contract WHERE id = $1 AND prime_id = $2',
      [primeContractId, organisationId],
    );
    return rows[0];
  }
}
