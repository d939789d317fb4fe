// Every query on activity, journey_event and job_spell, and the journey facts the milestone rules read.
import { Injectable } from '@nestjs/common';
import { LIVE_CLAIM_STATUSES, type MilestoneCode } from '@waymark/domain';
import { type PoolClient } from 'pg';

type ActivityKind = 'CONTACT' | 'APPOINTMENT' | 'TRAINING' | 'PLACEMENT' | 'REVIEW' | 'OTHER';

export interface Scope {
  programmeId: string;
  primeContractId: string;
  referralId: string;
}

export interface TimelineRow {
  at: string;
  kind: string;
  detail: string | null;
  byUserId: string | null;
  byName: string | null;
  byOrganisationName: string | null;
  recordedAt: Date;
  /** The day (API clock) it was recorded, where known. */
  recordedOn: string | null;
  /** Recorded after the day it happened (within the programme's late-recording window). */
  isLate: boolean;
}

/** What logging an activity needs of its referral, and who the caller is to it (relationTo). */
export interface RecordingReferralRow {
  id: string;
  status: string;
  programmeId: string;
  primeContractId: string;
  paymentModelId: string | null;
  receivedAt: Date;
  primeId: string | null;
  commissionerId: string;
  subcontractorId: string | null;
  referralPartnerId: string;
  /** The programme's late-recording window, read in the same statement (checkRecordingDate). */
  lateRecordingDays: number;
}

@Injectable()
export class JourneysRepository {
  /**
   * The referral an activity is logged on, locked until the transaction ends
   * (so two writes on one referral number milestones and job spells in
   * turn), with the programme's late-recording window: one statement where
   * the full referral read (ReferralsRepository.findVisible: participant,
   * payment model and payment group joins, each under row-level security)
   * and the window's own query took two and ~4x the server's time
   * (bench/results/audit-writes-20000-*.md). The same slice filter as
   * findVisible ($2 = the caller's organisation); row-level security
   * enforces it too.
   */
  async findForRecording(
    client: PoolClient,
    id: string,
    organisationId: string,
  ): Promise<RecordingReferralRow | undefined> {
    const { rows } = await client.query<RecordingReferralRow>(
      `SELECT r.id, r.status::text AS status, r.programme_id AS "programmeId", r.prime_contract_id AS "primeContractId",
              pc.payment_model_id AS "paymentModelId", r.received_at AS "receivedAt",
              pc.prime_id AS "primeId", prog.commissioner_id AS "commissionerId", s.subcontractor_id AS "subcontractorId",
              r.referral_partner_id AS "referralPartnerId", prog.late_recording_days AS "lateRecordingDays"
         FROM referral r
         JOIN programme prog ON prog.id = r.programme_id
         LEFT JOIN prime_contract pc ON pc.id = r.prime_contract_id
         LEFT JOIN subcontract s ON s.id = r.subcontract_id
        WHERE r.id = $1
          AND (pc.prime_id = $2 OR prog.commissioner_id = $2 OR s.subcontractor_id = $2 OR r.referral_partner_id = $2)
        FOR UPDATE OF r`,
      [id, organisationId],
    );
    return rows[0];
  }

  async insertActivity(
    client: PoolClient,
    scope: Scope,
    input: {
      kind: ActivityKind;
      occurredOn: string;
      recordedOn: string;
      notes: string | null;
      userId: string;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO activity (programme_id, prime_contract_id, referral_id, kind, occurred_on, notes, recorded_by_user_id, recorded_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        scope.programmeId,
        scope.primeContractId,
        scope.referralId,
        input.kind,
        input.occurredOn,
        input.notes,
        input.userId,
        input.recordedOn,
      ],
    );
    return rows[0]!.id;
  }

  /** Records the next occurrence of a milestone; returns the occurrence number. */
  async insertJourneyEvent(
    client: PoolClient,
    scope: Scope,
    input: {
      code: MilestoneCode;
      achievedOn: string;
      recordedOn: string;
      details: Record<string, unknown>;
      userId: string;
    },
  ): Promise<number> {
    const { rows } = await client.query<{ occurrence: number }>(
      `INSERT INTO journey_event (programme_id, prime_contract_id, referral_id, milestone_code, occurrence, achieved_on, details, recorded_by_user_id, recorded_on)
       SELECT $1, $2, $3, $4, COALESCE(max(occurrence), 0) + 1, $5, $6, $7, $8 FROM journey_event WHERE referral_id = $3 AND milestone_code = $4
       RETURNING occurrence`,
      [
        scope.programmeId,
        scope.primeContractId,
        scope.referralId,
        input.code,
        input.achievedOn,
        input.details,
        input.userId,
        input.recordedOn,
      ],
    );
    return rows[0]!.occurrence;
  }

  async insertJobSpell(
    client: PoolClient,
    scope: Scope,
    input: {
      employer: string;
      startedOn: string;
      hoursPerWeek: number | null;
      hourlyPayPence: string | null;
      isSelfEmployment: boolean;
      userId: string;
    },
  ): Promise<void> {
    await client.query(
      `INSERT INTO job_spell (programme_id, prime_contract_id, referral_id, employer, started_on, hours_per_week, hourly_pay_pence, is_self_employment, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        scope.programmeId,
        scope.primeContractId,
        scope.referralId,
        input.employer,
        input.startedOn,
        input.hoursPerWeek,
        input.hourlyPayPence,
        input.isSelfEmployment,
        input.userId,
      ],
    );
  }

  /** Ends the latest open job spell; false when there is none. */
  async endOpenJobSpell(
    client: PoolClient,
    referralId: string,
    endedOn: string,
  ): Promise<{ employer: string } | undefined> {
    const { rows } = await client.query<{ employer: string }>(
      `UPDATE job_spell SET ended_on = $2
        WHERE id = (SELECT id FROM job_spell WHERE referral_id = $1 AND ended_on IS NULL AND started_on <= $2 ORDER BY started_on DESC LIMIT 1)
        RETURNING employer`,
      [referralId, endedOn],
    );
    return rows[0];
  }

  async journeyFacts(client: PoolClient, referralId: string) {
    const events = await client.query<{ code: MilestoneCode; date: string; occurrence: number }>(
      `SELECT milestone_code::text AS code, achieved_on::text AS date, occurrence FROM journey_event WHERE referral_id = $1 ORDER BY milestone_code, occurrence`,
      [referralId],
    );
    const jobs = await client.query<{ startDate: string; endDate: string | null }>(
      `SELECT started_on::text AS "startDate", ended_on::text AS "endDate" FROM job_spell WHERE referral_id = $1 ORDER BY started_on`,
      [referralId],
    );
    const claims = await client.query<{ code: MilestoneCode; occurrence: number }>(
      `SELECT mt.code::text AS code, c.occurrence FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
        WHERE c.referral_id = $1 AND c.status = ANY($2::"ClaimStatus"[])`,
      [referralId, LIVE_CLAIM_STATUSES],
    );
    return { events: events.rows, jobs: jobs.rows, claims: claims.rows };
  }

  /** Earnings per period from the data-match files, for earnings-threshold milestones (see waymark_participant_earnings). */
  async earnings(
    client: PoolClient,
    participantId: string,
  ): Promise<{ date: string; amountPence: string }[]> {
    const { rows } = await client.query<{ date: string; amountPence: string }>(
      `SELECT period_end::text AS date, earnings_pence::text AS "amountPence" FROM waymark_participant_earnings($1) ORDER BY period_end`,
      [participantId],
    );
    return rows;
  }

  /**
   * Everything that happened to a referral, oldest first: transitions, activities, milestones, jobs, assessments.
   * One thing a caseworker logs is one entry: a job start writes an activity, a journey event and a job spell in
   * one transaction (the same now()), so the activity carries the job or milestone as its kind and the other two
   * rows show only when nothing was logged with them. Who acted is named with their organisation.
   */
  async timeline(
    client: PoolClient,
    referralId: string,
    participantId: string,
  ): Promise<TimelineRow[]> {
    const { rows } = await client.query<TimelineRow>(
      `SELECT t.*, u.display_name AS "byName", o.name AS "byOrganisationName" FROM (
         SELECT to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS at, 'STATUS_' || t.to_status::text AS kind,
                t.reason AS detail, t.by_user_id AS "byUserId", t.at AS "recordedAt", NULL::text AS "recordedOn",
                -- an attachment recorded after its day says so in its reason (ReferralsService.attach)
                coalesce(t.reason LIKE 'recorded late:%', false) AS "isLate"
           FROM referral_transition t WHERE t.referral_id = $1
         UNION ALL
         SELECT a.occurred_on::text,
                COALESCE(
                  (SELECT CASE WHEN j.is_self_employment THEN 'SELF_EMPLOYMENT_START' ELSE 'JOB_START' END FROM job_spell j
                    WHERE j.referral_id = a.referral_id AND j.recorded_at = a.created_at LIMIT 1),
                  (SELECT 'MILESTONE_' || e.milestone_code::text FROM journey_event e
                    WHERE e.referral_id = a.referral_id AND e.recorded_at = a.created_at LIMIT 1),
                  -- a note and a job leave are stored as OTHER activities whose notes start with what was logged
                  CASE WHEN a.kind = 'OTHER' AND a.notes LIKE 'job leave%' THEN 'JOB_LEAVE'
                       WHEN a.kind = 'OTHER' AND a.notes LIKE 'note%' THEN 'ACTIVITY_NOTE'
                       ELSE 'ACTIVITY_' || a.kind::text END),
                a.notes, a.recorded_by_user_id, a.created_at, a.recorded_on::text, coalesce(a.recorded_on > a.occurred_on, false)
           FROM activity a WHERE a.referral_id = $1
         UNION ALL
         SELECT e.achieved_on::text, 'MILESTONE_' || e.milestone_code::text, NULL, e.recorded_by_user_id, e.recorded_at, e.recorded_on::text, coalesce(e.recorded_on > e.achieved_on, false)
           FROM journey_event e WHERE e.referral_id = $1
            AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.referral_id = e.referral_id AND a.created_at = e.recorded_at)
         UNION ALL
         SELECT j.started_on::text, CASE WHEN j.is_self_employment THEN 'SELF_EMPLOYMENT_START' ELSE 'JOB_START' END,
                j.employer || COALESCE(', ' || j.hours_per_week || ' h/week', ''), j.recorded_by_user_id, j.recorded_at, NULL, false
           FROM job_spell j WHERE j.referral_id = $1
            AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.referral_id = j.referral_id AND a.created_at = j.recorded_at)
         UNION ALL
         SELECT j.ended_on::text, 'JOB_LEAVE', j.employer, j.recorded_by_user_id, j.recorded_at, NULL, false FROM job_spell j
          WHERE j.referral_id = $1 AND j.ended_on IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.referral_id = j.referral_id AND a.kind = 'OTHER' AND a.occurred_on = j.ended_on AND a.notes LIKE 'job leave%')
         UNION ALL
         SELECT to_char(na.assessed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'NEEDS_ASSESSMENT',
                'Payment group: ' || pg.name, na.assessed_by_user_id, na.assessed_at, NULL, false
           FROM needs_assessment na JOIN payment_group pg ON pg.id = na.payment_group_id WHERE na.participant_id = $2
       ) t
       LEFT JOIN app_user u ON u.id = t."byUserId"
       LEFT JOIN organisation o ON o.id = u.organisation_id
       ORDER BY t.at, t."recordedAt"`,
      [referralId, participantId],
    );
    return rows;
  }
}
