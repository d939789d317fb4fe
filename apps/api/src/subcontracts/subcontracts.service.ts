// Subcontract use cases: the prime drafts and offers, the subcontractor
// accepts or declines, the subcontract starts; terms are versions
// (subcontract_terms_version) that only the other side's acceptance puts in
// force. Each change: one transaction, a transition row and an audit event.
import { Inject, Injectable } from '@nestjs/common';
import {
  allowedTransitions,
  diffSubcontractTerms,
  isDomainError,
  type PartyRelation,
  type Role,
  SUBCONTRACT_TRANSITIONS,
  type SubcontractStatus,
  TermsError,
  transitionSubcontract,
} from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import {
  domainTermsOf,
  type StoredTerms,
  storedTermsOf,
  termsViewOf,
} from './subcontract-terms-input';
import {
  type CreateSubcontractBody,
  type EndSubcontractBody,
  type SuspendSubcontractBody,
  type ProposeVariationBody,
  type SubcontractDetailResponse,
  type SubcontractView,
  type TermsVersionView,
} from './subcontracts.dto';
import { ReferralsService } from '../referrals/referrals.service';
import { SubcontractError } from './subcontracts.errors';
import {
  type SubcontractRow,
  SubcontractsRepository,
  type TermsVersionRow,
} from './subcontracts.repository';

type Detail = z.infer<typeof SubcontractDetailResponse>;
type View = z.infer<typeof SubcontractView>;

function requireUser(principal: Principal): string {
  if (!principal.userId)
    throw new AppError(
      CommonError.FORBIDDEN,
      'This action must be taken by a signed-in person, not an API key.',
    );
  return principal.userId;
}

function relationOf(row: SubcontractRow, principal: Principal): PartyRelation {
  if (row.primeId === principal.organisationId) return 'PRIME';
  if (row.subcontractorId === principal.organisationId) return 'SUBCONTRACTOR';
  return 'COMMISSIONER';
}

const storedOf = (
  v: Pick<TermsVersionRow, 'termsKind' | 'terms' | 'managementFeeBp' | 'paymentSlaDays'>,
): StoredTerms => ({
  termsKind: v.termsKind,
  terms: v.terms,
  managementFeeBp: v.managementFeeBp,
  paymentSlaDays: v.paymentSlaDays,
});

@Injectable()
export class SubcontractsService {
  constructor(
    private readonly subcontracts: SubcontractsRepository,
    private readonly audit: AuditService,
    private readonly referrals: ReferralsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async searchSubcontractors(
    principal: Principal,
    q: string | undefined,
  ): Promise<{ id: string; name: string }[]> {
    return withPartyScope(this.pool, principal, (client) =>
      this.subcontracts.searchSubcontractorOrganisations(client, q),
    );
  }

  async list(principal: Principal, filter: { primeContractId?: string }): Promise<View[]> {
    return withPartyScope(this.pool, principal, async (client) => {
      const rows = await this.subcontracts.listVisible(client, principal.organisationId, filter);
      const versions = await this.subcontracts.listTermsVersions(
        client,
        rows.map((r) => r.id),
      );
      // Grouped once: a commissioner's list holds every subcontract of its programmes, each with its versions.
      const versionsOf = new Map<string, typeof versions>();
      for (const version of versions)
        versionsOf.set(version.subcontractId, [
          ...(versionsOf.get(version.subcontractId) ?? []),
          version,
        ]);
      return rows.map((row) => this.viewOf(row, versionsOf.get(row.id) ?? [], principal));
    });
  }

  async get(principal: Principal, id: string): Promise<Detail> {
    return withPartyScope(this.pool, principal, (client) => this.detail(client, principal, id));
  }

  async create(
    principal: Principal,
    input: z.infer<typeof CreateSubcontractBody>,
  ): Promise<Detail> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.subcontracts.findOwnPrimeContract(
        client,
        principal.organisationId,
        input.primeContractId,
      );
      if (!contract) {
        throw new AppError(
          CommonError.NOT_FOUND,
          `No prime contract ${input.primeContractId} held by your organisation.`,
          [{ field: 'body.primeContractId', message: 'is not one of your prime contracts' }],
        );
      }
      if (!(await this.subcontracts.isSubcontractorOrganisation(client, input.subcontractorId))) {
        throw new AppError(
          SubcontractError.SUBCONTRACTOR_UNKNOWN,
          'Choose a subcontractor organisation on the platform, or invite one first.',
          [{ field: 'body.subcontractorId', message: 'is not a subcontractor organisation' }],
        );
      }
      if (await this.subcontracts.hasLiveSubcontract(client, contract.id, input.subcontractorId)) {
        throw new AppError(
          SubcontractError.SUBCONTRACT_ALREADY_LIVE,
          'This subcontractor already holds a subcontract (draft, offered or live) under this prime contract; vary it instead.',
          [
            {
              field: 'body.subcontractorId',
              message: 'already has a subcontract under this prime contract',
            },
          ],
        );
      }
      const outside = [
        ...(input.startsOn < contract.startsOn || input.startsOn > contract.endsOn
          ? [
              {
                field: 'body.startsOn',
                message: `must fall within the prime contract (${contract.startsOn} to ${contract.endsOn})`,
              },
            ]
          : []),
        ...(input.endsOn !== undefined &&
        (input.endsOn < input.startsOn || input.endsOn > contract.endsOn)
          ? [
              {
                field: 'body.endsOn',
                message: `must fall between the start and the prime contract's end (${contract.endsOn})`,
              },
            ]
          : []),
      ];
      if (outside.length > 0)
        throw new AppError(
          SubcontractError.SUBCONTRACT_OUTSIDE_CONTRACT,
          outside.map((o) => `${o.field} ${o.message}`).join('; '),
          outside,
        );
      const codes = input.paymentGroupCodes ?? [];
      const groups = await this.subcontracts.paymentGroupIds(client, contract.programmeId, codes);
      const unknown = codes.filter((code) => !groups.has(code));
      if (unknown.length > 0) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          `Unknown payment groups: ${unknown.join(', ')}`,
          [
            {
              field: 'body.paymentGroupCodes',
              message: `has codes the programme does not define: ${unknown.join(', ')}`,
            },
          ],
        );
      }
      const stored = storedTermsOf(input.terms);
      const id = await this.subcontracts.insertSubcontract(client, {
        programmeId: contract.programmeId,
        primeContractId: contract.id,
        subcontractorId: input.subcontractorId,
        tier: input.tier,
        specialisms: input.specialisms ?? [],
        ...stored,
        expectedReferralVolume: input.expectedReferralVolume ?? null,
        capacity: input.capacity ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        paymentGroupIds: [...groups.values()],
        userId,
      });
      const scope = {
        programmeId: contract.programmeId,
        primeContractId: contract.id,
        subcontractId: id,
      };
      await this.subcontracts.insertTransition(client, {
        ...scope,
        from: null,
        to: 'DRAFT',
        effectiveOn: this.clock.today(),
        reason: null,
        userId,
        organisationId: principal.organisationId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'subcontract.create',
        entityType: 'subcontract',
        entityId: id,
        programmeId: contract.programmeId,
        data: {
          primeContractId: contract.id,
          subcontractorId: input.subcontractorId,
          termsKind: stored.termsKind,
          startsOn: input.startsOn,
        },
      });
      return this.detail(client, principal, id);
    });
  }

  /** Moves a subcontract to `to` (offer, accept, decline, start, withdraw, discard), with the side effects on its first terms version. */
  async move(
    principal: Principal,
    id: string,
    to: SubcontractStatus,
    reason: string | undefined,
    verb: string,
  ): Promise<Detail> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const row = await this.findOrThrow(client, principal, id, { forUpdate: true });
      const party = relationOf(row, principal);
      const today = this.clock.today();
      this.check(row.status, to, party, principal, userId, reason);
      if (to === 'ACTIVE' && row.startsOn > today) {
        throw new AppError(
          SubcontractError.SUBCONTRACT_NOT_STARTED,
          `The subcontract starts on ${row.startsOn}; it can be started from that day.`,
        );
      }
      const scope = {
        programmeId: row.programmeId,
        primeContractId: row.primeContractId,
        subcontractId: row.id,
      };
      const steps: SubcontractStatus[] = [to];
      if (to === 'ACCEPTED') {
        await this.subcontracts.decideVersion(client, row.id, 1, 'ACCEPTED', userId);
        // Accepted on or after its start date: it starts at once.
        if (row.startsOn <= today) steps.push('ACTIVE');
      }
      if (to === 'ENDED' && (row.status === 'DRAFT' || row.status === 'OFFERED')) {
        await this.subcontracts.decideVersion(
          client,
          row.id,
          1,
          party === 'SUBCONTRACTOR' ? 'REJECTED' : 'WITHDRAWN',
          userId,
        );
      }
      let from = row.status;
      for (const step of steps) {
        await this.subcontracts.setStatus(client, row.id, step);
        await this.subcontracts.insertTransition(client, {
          ...scope,
          from,
          to: step,
          effectiveOn: today,
          reason: reason?.trim() || null,
          userId,
          organisationId: principal.organisationId,
        });
        from = step;
      }
      await this.audit.record(client, {
        ...auditActor(principal),
        action: `subcontract.${verb}`,
        entityType: 'subcontract',
        entityId: row.id,
        programmeId: row.programmeId,
        data: { from: row.status, to: from, ...(reason ? { reason } : {}) },
      });
      return this.detail(client, principal, row.id);
    });
  }

  // ───────── suspending and ending ─────────

  /**
   * The prime ends (or suspends) a subcontract with a reason. Ending moves its
   * caseload to other live subcontracts (chosen, or by the allocation rules);
   * suspending stops new referrals and moves the caseload only when asked. Claims
   * already made stay with it and stay payable to it under its terms.
   */
  async endOrSuspend(
    principal: Principal,
    id: string,
    to: 'ENDED' | 'SUSPENDED',
    input: z.infer<typeof EndSubcontractBody> | z.infer<typeof SuspendSubcontractBody>,
  ): Promise<Detail> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const row = await this.findOrThrow(client, principal, id, { forUpdate: true });
      const party = relationOf(row, principal);
      this.check(row.status, to, party, principal, userId, input.reason);
      const today = this.clock.today();
      const effectiveOn = 'effectiveOn' in input && input.effectiveOn ? input.effectiveOn : today;
      if (to === 'ENDED' && effectiveOn < row.startsOn && row.status !== 'ACCEPTED') {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          `body.effectiveOn: must be on or after the start, ${row.startsOn}`,
          [{ field: 'body.effectiveOn', message: `must be on or after ${row.startsOn}` }],
        );
      }
      await this.subcontracts.setStatus(
        client,
        row.id,
        to,
        to === 'ENDED' ? (effectiveOn < row.startsOn ? row.startsOn : effectiveOn) : undefined,
      );
      await this.subcontracts.insertTransition(client, {
        programmeId: row.programmeId,
        primeContractId: row.primeContractId,
        subcontractId: row.id,
        from: row.status,
        to,
        effectiveOn,
        reason: input.reason,
        userId,
        organisationId: principal.organisationId,
      });
      const shouldTransfer =
        to === 'ENDED' || ('transferCaseload' in input && input.transferCaseload);
      const moved = shouldTransfer
        ? await this.referrals.transferCaseload(client, principal, {
            fromSubcontractId: row.id,
            fromName: row.subcontractorName,
            ...(input.toSubcontractId ? { toSubcontractId: input.toSubcontractId } : {}),
            assignments: new Map(
              (input.transfers ?? []).map((t) => [t.referralId, t.toSubcontractId]),
            ),
            reason: input.reason,
          })
        : [];
      await this.audit.record(client, {
        ...auditActor(principal),
        action: to === 'ENDED' ? 'subcontract.end' : 'subcontract.suspend',
        entityType: 'subcontract',
        entityId: row.id,
        programmeId: row.programmeId,
        data: {
          from: row.status,
          to,
          effectiveOn,
          reason: input.reason,
          transferred: moved.length,
        },
      });
      const names = await this.subcontracts.subcontractorNames(client, [
        ...new Set(moved.map((m) => m.toSubcontractId)),
      ]);
      return {
        ...(await this.detail(client, principal, row.id)),
        transferred: moved.map((m) => ({
          participantReference: m.participantReference,
          toSubcontractId: m.toSubcontractId,
          toSubcontractorName: names.get(m.toSubcontractId) ?? '',
        })),
      };
    });
  }

  // ───────── variations ─────────

  /**
   * The prime proposes new terms from a date. Nothing changes until the
   * subcontractor accepts: then the terms in force before that date end the
   * day before, and claims with a milestone date from it are priced on the new.
   */
  async proposeVariation(
    principal: Principal,
    id: string,
    input: z.infer<typeof ProposeVariationBody>,
  ): Promise<Detail> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const row = await this.findOrThrow(client, principal, id, { forUpdate: true });
      if (relationOf(row, principal) !== 'PRIME')
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the prime holding the subcontract proposes a variation.',
        );
      if (!['ACCEPTED', 'ACTIVE', 'SUSPENDED'].includes(row.status)) {
        throw new AppError(
          SubcontractError.SUBCONTRACT_TRANSITION_NOT_ALLOWED,
          `A ${row.status.toLowerCase()} subcontract cannot be varied: change a draft's terms before it is accepted, and an ended subcontract not at all.`,
        );
      }
      const versions = await this.subcontracts.listTermsVersions(client, [id]);
      if (versions.some((v) => v.status === 'PROPOSED'))
        throw new AppError(
          SubcontractError.TERMS_VARIATION_PENDING,
          'A variation already awaits the subcontractor: withdraw it first, or wait for the answer.',
        );
      const current = versions
        .filter((v) => v.status === 'ACCEPTED')
        .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
      const earliest = current ? current.effectiveFrom : row.startsOn;
      if (
        input.effectiveFrom <= earliest ||
        (row.endsOn !== null && input.effectiveFrom > row.endsOn)
      ) {
        throw new AppError(
          SubcontractError.TERMS_VARIATION_DATE_INVALID,
          `New terms take effect after ${earliest} (when the terms in force began)${row.endsOn ? ` and by ${row.endsOn}` : ''}.`,
          [
            {
              field: 'body.effectiveFrom',
              message: `must be after ${earliest}${row.endsOn ? ` and on or before ${row.endsOn}` : ''}`,
            },
          ],
        );
      }
      const stored = storedTermsOf(input.terms);
      const version = Math.max(...versions.map((v) => v.version)) + 1;
      await this.subcontracts.insertTermsVersion(
        client,
        {
          programmeId: row.programmeId,
          primeContractId: row.primeContractId,
          subcontractId: row.id,
        },
        {
          version,
          effectiveFrom: input.effectiveFrom,
          ...stored,
          capacity:
            input.capacity === undefined ? (current?.capacity ?? row.capacity) : input.capacity,
          specialisms: input.specialisms ?? current?.specialisms ?? row.specialisms,
          reason: input.reason,
          userId,
        },
      );
      const dates = { startsOn: row.startsOn, endsOn: row.endsOn };
      const changes = current
        ? diffSubcontractTerms({
            before: domainTermsOf(storedOf(current), dates),
            after: domainTermsOf(stored, dates),
          })
        : [];
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'subcontract.propose-variation',
        entityType: 'subcontract',
        entityId: row.id,
        programmeId: row.programmeId,
        data: { version, effectiveFrom: input.effectiveFrom, reason: input.reason, changes },
      });
      return this.detail(client, principal, row.id);
    });
  }

  /** The subcontractor accepts or rejects a proposed variation; the prime may withdraw it. */
  async decideVariation(
    principal: Principal,
    id: string,
    version: number,
    decision: 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN',
    reason: string | undefined,
  ): Promise<Detail> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const row = await this.findOrThrow(client, principal, id, { forUpdate: true });
      const party = relationOf(row, principal);
      if (party !== (decision === 'WITHDRAWN' ? 'PRIME' : 'SUBCONTRACTOR')) {
        throw new AppError(
          CommonError.FORBIDDEN,
          decision === 'WITHDRAWN'
            ? 'Only the prime that proposed a variation withdraws it.'
            : 'Only the subcontractor answers a variation of its terms.',
        );
      }
      const proposal = (await this.subcontracts.listTermsVersions(client, [id])).find(
        (v) => v.version === version,
      );
      if (!proposal || proposal.version === 1 || proposal.status !== 'PROPOSED') {
        throw new AppError(
          SubcontractError.TERMS_VARIATION_NOT_PENDING,
          `Version ${version} of these terms is not a variation awaiting an answer.`,
        );
      }
      if (decision === 'ACCEPTED')
        await this.subcontracts.closeVersionsBefore(client, row.id, proposal.effectiveFrom);
      await this.subcontracts.decideVersion(client, row.id, version, decision, userId);
      const verb =
        decision === 'ACCEPTED'
          ? 'accept-variation'
          : decision === 'REJECTED'
            ? 'reject-variation'
            : 'withdraw-variation';
      await this.audit.record(client, {
        ...auditActor(principal),
        action: `subcontract.${verb}`,
        entityType: 'subcontract',
        entityId: row.id,
        programmeId: row.programmeId,
        data: { version, effectiveFrom: proposal.effectiveFrom, ...(reason ? { reason } : {}) },
      });
      return this.detail(client, principal, row.id);
    });
  }

  // ───────── helpers ─────────

  private check(
    from: SubcontractStatus,
    to: SubcontractStatus,
    party: PartyRelation,
    principal: Principal,
    userId: string,
    reason: string | undefined,
  ): void {
    const role: Role = principal.roles.includes('ADMIN')
      ? 'ADMIN'
      : (principal.roles[0] ?? 'CASEWORKER');
    try {
      transitionSubcontract({ from, to, actor: { party, role, userId }, reason });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === TermsError.SUBCONTRACT_REASON_REQUIRED) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'body.reason: is required for this change',
          [{ field: 'body.reason', message: 'is required for this change' }],
        );
      }
      throw new AppError(
        SubcontractError.SUBCONTRACT_TRANSITION_NOT_ALLOWED,
        `A ${from.toLowerCase()} subcontract cannot become ${to.toLowerCase()} by your hand.`,
        [],
        {},
        { from, to },
      );
    }
  }

  async findOrThrow(
    client: PoolClient,
    principal: Principal,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<SubcontractRow> {
    const row = await this.subcontracts.findVisible(client, principal.organisationId, id, options);
    if (!row)
      throw new AppError(
        CommonError.NOT_FOUND,
        `No subcontract ${id} in your organisation's slice.`,
      );
    return row;
  }

  async detail(client: PoolClient, principal: Principal, id: string): Promise<Detail> {
    const row = await this.findOrThrow(client, principal, id);
    const [versions, transitions] = await Promise.all([
      this.subcontracts.listTermsVersions(client, [id]),
      this.subcontracts.listTransitions(client, id),
    ]);
    return {
      subcontract: this.viewOf(row, versions, principal),
      termsVersions: this.versionViews(row, versions),
      transitions: transitions.map((t) => ({
        from: t.fromStatus,
        to: t.toStatus,
        effectiveOn: t.effectiveOn,
        reason: t.reason,
        at: t.at.toISOString(),
        by: t.by,
        byOrganisation: t.byOrganisation,
      })),
    };
  }

  private viewOf(row: SubcontractRow, versions: TermsVersionRow[], principal: Principal): View {
    const dates = { startsOn: row.startsOn, endsOn: row.endsOn };
    // The accepted terms in force today; before they start (or after they end), the newest agreed.
    const today = this.clock.today();
    const accepted = versions
      .filter((v) => v.status === 'ACCEPTED')
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
    const inForce =
      accepted.find(
        (v) => v.effectiveFrom <= today && (v.effectiveTo === null || v.effectiveTo >= today),
      ) ?? accepted[0];
    const current = inForce ?? versions.find((v) => v.version === 1);
    const party = relationOf(row, principal);
    const moves = new Set(
      principal.roles.flatMap((role) =>
        allowedTransitions({
          table: SUBCONTRACT_TRANSITIONS,
          from: row.status,
          actor: { party, role },
        }).map((r) => r.to),
      ),
    );
    return {
      id: row.id,
      status: row.status,
      primeContract: {
        id: row.primeContractId,
        reference: row.primeContractReference,
        programmeName: row.programmeName,
        areaName: row.areaName,
        primeName: row.primeName,
      },
      subcontractor: { id: row.subcontractorId, name: row.subcontractorName },
      tier: row.tier,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      expectedReferralVolume: row.expectedReferralVolume,
      capacity: row.capacity,
      specialisms: row.specialisms,
      groupsServed: row.groupsServed,
      caseload: row.caseload,
      terms: termsViewOf(
        current
          ? storedOf(current)
          : { termsKind: 'PBR_SHARE', terms: {}, managementFeeBp: 0, paymentSlaDays: 0 },
        dates,
      ),
      hasPendingVariation: row.hasPendingVariation,
      statusReason: row.statusReason,
      statusSince: row.statusSince,
      allowedMoves: [...moves],
    };
  }

  private versionViews(
    row: SubcontractRow,
    versions: TermsVersionRow[],
  ): z.infer<typeof TermsVersionView>[] {
    const dates = { startsOn: row.startsOn, endsOn: row.endsOn };
    return versions.map((v) => {
      // Against the accepted version in force just before this one would start.
      const previous = versions
        .filter(
          (p) =>
            p.version < v.version && p.status === 'ACCEPTED' && p.effectiveFrom < v.effectiveFrom,
        )
        .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
      return {
        version: v.version,
        status: v.status,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo,
        terms: termsViewOf(storedOf(v), dates),
        capacity: v.capacity,
        specialisms: v.specialisms,
        reason: v.reason,
        proposedAt: v.proposedAt.toISOString(),
        proposedBy: v.proposedBy,
        decidedAt: v.decidedAt?.toISOString() ?? null,
        decidedBy: v.decidedBy,
        changes: previous
          ? diffSubcontractTerms({
              before: domainTermsOf(storedOf(previous), dates),
              after: domainTermsOf(storedOf(v), dates),
            })
          : [],
      };
    });
  }
}
