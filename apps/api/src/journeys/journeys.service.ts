// The participant's journey: activities logged by the delivering
// subcontractor's caseworkers (mapped to activity rows and, where they are
// milestones, journey_event / job_spell facts), the timeline, and the
// milestone forecast from the domain rules.
import { Inject, Injectable } from '@nestjs/common';
import {
  assessJourney,
  explainInWords,
  forecastJourney,
  formatDayInWords,
  formatHourlyPay,
  isDomainError,
  milestoneNameOf,
  TariffError,
  versionFor,
  wordFor,
  type MilestoneCode,
} from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal, recordingUserId } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { ProgrammeRulesService } from '../programmes/programme-rules.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import { JourneyFactsService } from './journey-facts.service';
import { ReferralsError } from '../referrals/referrals.errors';
import { relationTo } from '../referrals/referral-access';
import { ReferralsService } from '../referrals/referrals.service';
import {
  type ActivityLogged,
  type Forecast,
  type LogActivity,
  type Timeline,
} from './journeys.dto';
import { JourneyError } from './journeys.errors';
import { JourneysRepository } from './journeys.repository';

type StoredKind = 'CONTACT' | 'APPOINTMENT' | 'TRAINING' | 'PLACEMENT' | 'REVIEW' | 'OTHER';

/** How each logged kind is stored: the activity row's kind, and the milestone it evidences (if any). */
const MAPPING: Record<
  LogActivity['kind'],
  { activity: StoredKind; milestone: MilestoneCode | null }
> = {
  CONTACT: { activity: 'CONTACT', milestone: null },
  APPOINTMENT: { activity: 'APPOINTMENT', milestone: null },
  TRAINING: { activity: 'TRAINING', milestone: null },
  NOTE: { activity: 'OTHER', milestone: null },
  ACTION_PLAN: { activity: 'REVIEW', milestone: 'ACTION_PLAN' },
  WORK_PLACEMENT: { activity: 'PLACEMENT', milestone: 'WORK_PLACEMENT' },
  ACCREDITED_QUALIFICATION: { activity: 'TRAINING', milestone: 'ACCREDITED_QUALIFICATION' },
  VOLUNTEERING: { activity: 'OTHER', milestone: 'VOLUNTEERING' },
  JOB_START: { activity: 'OTHER', milestone: 'JOB_START' },
  JOB_LEAVE: { activity: 'OTHER', milestone: null },
  SELF_EMPLOYMENT_START: { activity: 'OTHER', milestone: 'SELF_EMPLOYMENT_START' },
  // Any other milestone the participant's payment model says a caseworker records (its code comes with it).
  MILESTONE: { activity: 'OTHER', milestone: null },
};

@Injectable()
export class JourneysService {
  constructor(
    private readonly journeys: JourneysRepository,
    private readonly referrals: ReferralsService,
    private readonly audit: AuditService,
    private readonly programmeRules: ProgrammeRulesService,
    private readonly journeyFacts: JourneyFactsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async logActivity(
    principal: Principal,
    referralId: string,
    input: LogActivity,
  ): Promise<z.infer<typeof ActivityLogged>> {
    const userId = recordingUserId(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const row = await this.journeys.findForRecording(
        client,
        referralId,
        principal.organisationId,
      );
      const relation = row ? relationTo(row, principal) : null;
      if (!row || !relation)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No referral ${referralId} in your organisation's slice.`,
        );
      if (relation !== 'SUBCONTRACTOR')
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only caseworkers of the subcontractor delivering to this participant log activities.',
        );
      if (row.status !== 'ALLOCATED' && row.status !== 'ATTACHED') {
        throw new AppError(
          JourneyError.REFERRAL_NOT_IN_DELIVERY,
          `The referral is ${row.status}; activities are logged while it is ALLOCATED or ATTACHED.`,
        );
      }
      const scope = {
        programmeId: row.programmeId,
        primeContractId: row.primeContractId,
        referralId: row.id,
      };
      const recordedCode =
        input.kind === 'MILESTONE'
          ? await this.recordableMilestone(client, row, input.milestoneCode ?? '')
          : null;
      const recorded = await this.referrals.checkRecordingDate(
        client,
        row,
        input.occurredOn,
        'body.occurredOn',
      );
      const recordedOn = this.clock.today();
      const mapping = recordedCode
        ? { ...MAPPING.MILESTONE, milestone: recordedCode.code }
        : MAPPING[input.kind];
      const notes =
        [
          recordedCode
            ? recordedCode.name
            : input.kind === mapping.activity
              ? null
              : input.kind.replace(/_/g, ' ').toLowerCase(),
          describe(input),
          input.notes,
        ]
          .filter(Boolean)
          .join(' — ') || null;
      const activityId = await this.journeys.insertActivity(client, scope, {
        kind: mapping.activity,
        occurredOn: input.occurredOn,
        recordedOn,
        notes,
        userId,
      });
      if (input.kind === 'JOB_START' || input.kind === 'SELF_EMPLOYMENT_START') {
        await this.journeys.insertJobSpell(client, scope, {
          employer: (input.kind === 'JOB_START' ? input.employer : input.business) ?? '',
          startedOn: input.occurredOn,
          hoursPerWeek: input.hoursPerWeek ?? null,
          hourlyPayPence: input.kind === 'JOB_START' ? (input.hourlyPayPence ?? null) : null,
          isSelfEmployment: input.kind === 'SELF_EMPLOYMENT_START',
          userId,
        });
      }
      if (
        input.kind === 'JOB_LEAVE' &&
        !(await this.journeys.endOpenJobSpell(client, row.id, input.occurredOn))
      ) {
        throw new AppError(
          JourneyError.NO_OPEN_JOB_SPELL,
          `No job started on or before ${input.occurredOn} is still open for this participant.`,
          [{ field: 'body.occurredOn', message: 'no open job to leave' }],
        );
      }
      const milestone = mapping.milestone
        ? {
            code: mapping.milestone,
            occurrence: await this.journeys.insertJourneyEvent(client, scope, {
              code: mapping.milestone,
              achievedOn: input.occurredOn,
              recordedOn,
              details: detailsOf(input),
              userId,
            }),
          }
        : null;
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'journey.log-activity',
        entityType: 'referral',
        entityId: row.id,
        programmeId: row.programmeId,
        data: {
          activityId,
          kind: input.kind,
          occurredOn: input.occurredOn,
          recordedOn,
          isLate: recorded.isLate,
          daysLate: recorded.daysLate,
          milestone,
        },
      });
      return { activityId, milestone, isLate: recorded.isLate, daysLate: recorded.daysLate };
    });
  }

  /** A MILESTONE activity must name a milestone the journey's version says a caseworker records. */
  private async recordableMilestone(
    client: PoolClient,
    row: { id: string; paymentModelId: string | null; receivedAt: Date },
    code: string,
  ): Promise<{ code: string; name: string }> {
    if (!row.paymentModelId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'Only caseworkers of the subcontractor delivering to this participant log activities.',
      );
    const rules = await this.programmeRules.rulesFor(client, row.paymentModelId);
    const milestones = versionFor(rules, row.receivedAt.toISOString().slice(0, 10)).stored
      .definition.milestones;
    const recordable = milestones.filter((m) => m.trigger.kind === 'RECORDED');
    const found = recordable.find((m) => m.code === code);
    if (!found) {
      const known = milestones.find((m) => m.code === code);
      throw new AppError(
        JourneyError.MILESTONE_NOT_RECORDABLE,
        known
          ? `${known.name} is worked out from the journey (${known.trigger.kind.toLowerCase().replace(/_/g, ' ')}), not recorded by a caseworker.`
          : `The participant's payment model has no milestone ${code}.`,
        [
          {
            field: 'body.milestoneCode',
            message: `choose one of: ${recordable.map((m) => `${m.code} (${m.name})`).join(', ')}`,
          },
        ],
      );
    }
    return { code: found.code, name: found.name };
  }

  async timeline(principal: Principal, referralId: string): Promise<z.infer<typeof Timeline>> {
    return withPartyScope(this.pool, principal, async (client) => {
      const { row } = await this.referrals.findVisibleOrThrow(client, principal, referralId);
      const entries = await this.journeys.timeline(client, row.id, row.participantId);
      const milestoneNames = row.paymentModelId
        ? await this.milestoneNames(
            client,
            row.paymentModelId,
            row.receivedAt.toISOString().slice(0, 10),
          )
        : new Map<string, string>();
      return {
        referralId: row.id,
        participantReference: row.participantReference,
        entries: entries.map((e) => ({
          on: e.at,
          kind: e.kind,
          title: timelineTitle(e.kind, milestoneNames),
          // An activity's stored notes begin with what was logged ("job start — …"): the title says it already.
          detail:
            e.detail?.replace(
              new RegExp(
                `^${timelineTitle(e.kind, milestoneNames).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — `,
                'i',
              ),
              '',
            ) ?? null,
          byUserId: e.byUserId,
          by: e.byName
            ? { displayName: e.byName, organisationName: e.byOrganisationName ?? '' }
            : null,
          recordedAt: e.recordedAt.toISOString(),
          recordedOn: e.recordedOn,
          isLate: e.isLate,
        })),
      };
    });
  }

  /** Milestone names from the participant's payment model version (names live in the definition). */
  private async milestoneNames(
    client: PoolClient,
    paymentModelId: string,
    referralDay: string,
  ): Promise<Map<string, string>> {
    const rules = await this.programmeRules.rulesFor(client, paymentModelId);
    return new Map(
      versionFor(rules, referralDay).stored.definition.milestones.map((m) => [m.code, m.name]),
    );
  }

  async forecast(
    principal: Principal,
    referralId: string,
    horizonDays: number,
  ): Promise<z.infer<typeof Forecast>> {
    return withPartyScope(this.pool, principal, async (client) => {
      const { row } = await this.referrals.findVisibleOrThrow(client, principal, referralId);
      if (!row.paymentGroupCode)
        throw new AppError(
          ReferralsError.NEEDS_ASSESSMENT_REQUIRED,
          'The forecast is priced by payment group: record a needs assessment first.',
        );
      if (!row.paymentModelId)
        throw new AppError(
          ReferralsError.NEEDS_ASSESSMENT_REQUIRED,
          'The forecast is priced by the prime contract’s payment model, which your organisation cannot see.',
        );
      const rules = await this.programmeRules.rulesFor(client, row.paymentModelId);
      const journey = await this.journeyFacts.journeyOf(client, {
        referralId: row.id,
        participantId: row.participantId,
        referralDate: row.receivedAt.toISOString().slice(0, 10),
        attachedOn: row.attachedOn,
      });
      const day = this.clock.today();
      const milestones = assessJourney(rules, {
        journey,
        paymentGroup: row.paymentGroupCode,
        today: day,
      });
      const contractStartDate = row.contractStartsOn ?? day;
      let forecast: ReturnType<typeof forecastJourney>;
      try {
        forecast = forecastJourney(rules, {
          journey,
          paymentGroup: row.paymentGroupCode,
          today: day,
          horizonDays,
          contractStartDate,
          ...(row.valueCapPence ? { contractValueCapPence: BigInt(row.valueCapPence) } : {}),
        });
      } catch (error) {
        // A milestone dated before the contract began has no contract year to price it: the journey's date is wrong, not the API.
        if (!isDomainError(error) || error.code !== TariffError.DATE_BEFORE_CONTRACT_START)
          throw error;
        const date = typeof error.details.date === 'string' ? error.details.date : 'a date';
        const message = `a milestone on ${formatDayInWords(date)} falls before the contract started on ${formatDayInWords(contractStartDate)}; correct the activity's date`;
        throw new AppError(
          JourneyError.TARIFF_DATE_BEFORE_CONTRACT_START,
          `occurredOn: ${message}`,
          [{ field: 'occurredOn', message }],
        );
      }
      const names = new Map(
        versionFor(rules, journey.referralDate).stored.definition.milestones.map((m) => [
          m.code,
          m.name,
        ]),
      );
      const sum = (basis: string) =>
        forecast
          .filter((f) => f.basis === basis)
          .reduce((total, f) => total + f.amountPence, 0n)
          .toString();
      return {
        referralId: row.id,
        paymentGroup: row.paymentGroupCode,
        today: day,
        recordableMilestones: versionFor(rules, journey.referralDate)
          .stored.definition.milestones.filter((m) => m.trigger.kind === 'RECORDED')
          .map((m) => ({ code: m.code, name: m.name })),
        milestones: milestones.map((m) => ({
          code: m.code,
          name: milestoneNameOf(rules, m.code),
          occurrence: m.occurrence,
          status: m.status,
          reason: explainInWords(m.reason, names),
          milestoneDate: m.milestoneDate ?? null,
          dueDate: m.dueDate ?? null,
          claimDeadline: m.claimDeadline ?? null,
        })),
        forecast: forecast.map((f) => ({
          code: f.code,
          name: milestoneNameOf(rules, f.code),
          occurrence: f.occurrence,
          milestoneDate: f.milestoneDate,
          dueDate: f.dueDate,
          amountPence: f.amountPence.toString(),
          basis: f.basis,
        })),
        claimableNowPence: sum('CLAIMABLE_NOW'),
        projectedPence: sum('PROJECTED'),
      };
    });
  }
}

/** A timeline entry's kind in words: a milestone by its definition's name, everything else by the dictionary. */
function timelineTitle(kind: string, milestoneNames: Map<string, string>): string {
  if (kind.startsWith('MILESTONE_')) {
    const code = kind.slice('MILESTONE_'.length);
    return milestoneNames.get(code) ?? wordFor('activityKind', code);
  }
  if (kind.startsWith('STATUS_')) return wordFor('status', kind.slice('STATUS_'.length));
  return wordFor('activityKind', kind.replace(/^ACTIVITY_/, ''));
}

function describe(input: LogActivity): string | null {
  switch (input.kind) {
    case 'JOB_START':
      return `${input.employer ?? ''}, ${formatHourlyPay({ hoursPerWeek: input.hoursPerWeek ?? null, hourlyPayPence: input.hourlyPayPence ? BigInt(input.hourlyPayPence) : null })}`;
    case 'SELF_EMPLOYMENT_START':
      return input.business ?? null;
    case 'ACCREDITED_QUALIFICATION':
      return [input.title, input.awardingBody].filter(Boolean).join(', ');
    case 'WORK_PLACEMENT':
      return input.employer ?? null;
    case 'VOLUNTEERING':
      return input.organisation ?? null;
    case 'CONTACT':
    case 'APPOINTMENT':
    case 'TRAINING':
    case 'NOTE':
    case 'ACTION_PLAN':
    case 'JOB_LEAVE':
    case 'MILESTONE':
      return null;
  }
}

function detailsOf(input: LogActivity): Record<string, unknown> {
  const { kind: _kind, occurredOn: _on, notes: _notes, ...rest } = input;
  return rest;
}
