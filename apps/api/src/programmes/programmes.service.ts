// Programme set-up by the commissioner: programmes and contract areas, payment models and their
// versions (draft → awaiting approval → published, published by someone other than the submitter),
// reading the rules in force on any day, the simulator, and contracting primes. Every change is
// audited; another organisation's programme answers 404.
import { Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  compareSimulations,
  findVersionInForce,
  milestoneNameOf,
  PAYMENT_MODEL_TEMPLATES,
  parseDefinition,
  paymentGroupNameOf,
  programmeRulesOf,
  simulateParticipant,
  versionFor,
  type DefinitionProblem,
  type Simulation,
} from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { toStoredVersion } from './programme-rules.service';
import {
  type CreatePaymentModelBody,
  type CreatePrimeContractBody,
  type CreateProgrammeBody,
  type SetLateRecordingDaysBody,
  type CreateVersionBody,
  type SimulateBody,
  type UpdateVersionBody,
} from './programmes.dto';
import { ProgrammeError } from './programmes.errors';
import { type ProgrammeRow, ProgrammesRepository, type VersionRow } from './programmes.repository';

const notFound = (what: string) =>
  new AppError(CommonError.NOT_FOUND, `No ${what} with that id is visible to your organisation.`);

function requireUser(principal: Principal): string {
  if (!principal.userId)
    throw new AppError(
      CommonError.FORBIDDEN,
      'Programme set-up is done by a signed-in person, not an API key.',
    );
  return principal.userId;
}

function definitionProblems(problems: DefinitionProblem[]): AppError {
  return new AppError(
    ProgrammeError.DEFINITION_INVALID,
    `The definition has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems
      .slice(0, 3)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ')}${problems.length > 3 ? '; …' : ''}.`,
    problems.map((p) => ({ field: `body.definition.${p.path}`, message: p.message })),
  );
}

function versionSummary(v: VersionRow) {
  const person = (userId: string | null, name: string | null) =>
    userId ? { userId, name: name ?? 'someone no longer listed' } : null;
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    changeNote: v.changeNote,
    createdBy: person(v.createdByUserId, v.createdByName),
    submittedBy: person(v.submittedByUserId, v.submittedByName),
    submittedAt: v.submittedAt?.toISOString() ?? null,
    publishedBy: person(v.publishedByUserId, v.publishedByName),
    publishedAt: v.publishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ProgrammesService {
  constructor(
    private readonly programmes: ProgrammesRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  templates() {
    return {
      templates: PAYMENT_MODEL_TEMPLATES.map((t) => ({
        key: t.key,
        name: t.name,
        description: t.description,
        definition: t.definition,
      })),
    };
  }

  async primeCandidates(principal: Principal) {
    return withPartyScope(this.pool, principal, async (client) => ({
      primes: (await this.programmes.primeOrganisations(client)).map(({ id, name }) => ({
        id,
        name,
      })),
    }));
  }

  async list(principal: Principal) {
    return withPartyScope(this.pool, principal, async (client) => ({
      programmes: (await this.programmes.listProgrammes(client, principal.organisationId)).map(
        (p) => this.summary(p, principal),
      ),
    }));
  }

  private summary(p: ProgrammeRow, principal: Principal) {
    return {
      id: p.id,
      name: p.name,
      commissionerName: p.commissionerName,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      supportPeriodWeeks: p.supportPeriodWeeks,
      lateRecordingDays: p.lateRecordingDays,
      isOwn: p.commissionerId === principal.organisationId,
    };
  }

  async get(principal: Principal, programmeId: string) {
    return withPartyScope(this.pool, principal, async (client) => ({
      programme: await this.detail(client, principal, programmeId),
    }));
  }

  private async detail(client: PoolClient, principal: Principal, programmeId: string) {
    const programme = await this.visibleProgramme(client, principal, programmeId);
    const models = await this.programmes.paymentModels(client, programmeId);
    const versions = await this.programmes.versions(
      client,
      models.map((m) => m.id),
    );
    return {
      ...this.summary(programme, principal),
      contractAreas: await this.programmes.contractAreas(client, programmeId),
      paymentModels: models.map((m) => ({
        ...m,
        versions: versions.filter((v) => v.paymentModelId === m.id).map(versionSummary),
      })),
      primeContracts: await this.programmes.primeContracts(client, programmeId),
    };
  }

  /** The commissioner sees its own programmes; a prime or subcontractor those it holds a contract in. */
  private async visibleProgramme(client: PoolClient, principal: Principal, programmeId: string) {
    const visible = (await this.programmes.listProgrammes(client, principal.organisationId)).find(
      (p) => p.id === programmeId,
    );
    if (!visible) throw notFound('programme');
    return visible;
  }

  private async ownProgramme(client: PoolClient, principal: Principal, programmeId: string) {
    const programme = await this.programmes.findProgramme(client, programmeId);
    if (!programme || programme.commissionerId !== principal.organisationId)
      throw notFound('programme');
    return programme;
  }

  async create(principal: Principal, input: z.infer<typeof CreateProgrammeBody>) {
    const userId = requireUser(principal);
    if (input.endsOn && input.endsOn < input.startsOn)
      throw new AppError(
        ProgrammeError.DATES_OUT_OF_ORDER,
        `The programme ends on ${input.endsOn}, before it starts on ${input.startsOn}.`,
        [{ field: 'body.endsOn', message: 'must not be before startsOn' }],
      );
    const names = input.contractAreas.map((a) => a.name.toLowerCase());
    const repeated = names.findIndex((n, i) => names.indexOf(n) !== i);
    if (repeated >= 0)
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        `Contract area "${input.contractAreas[repeated]!.name}" is listed twice.`,
        [{ field: `body.contractAreas[${repeated}].name`, message: 'is listed twice' }],
      );
    return withPartyScope(this.pool, principal, async (client) => {
      const id = await this.programmes.insertProgramme(client, {
        commissionerId: principal.organisationId,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        supportPeriodWeeks: input.supportPeriodWeeks,
        userId,
      });
      if (!id)
        throw new AppError(
          ProgrammeError.NAME_TAKEN,
          `You already commission a programme called "${input.name}".`,
          [{ field: 'body.name', message: 'is already used by one of your programmes' }],
        );
      for (const area of input.contractAreas)
        await this.programmes.insertContractArea(client, id, area);
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'programme.create',
        entityType: 'programme',
        entityId: id,
        programmeId: id,
        data: { ...input },
      });
      return { programme: await this.detail(client, principal, id) };
    });
  }

  /** The commissioner changes how late a journey fact may be recorded, with its reason; audited with both values. */
  async setLateRecordingDays(
    principal: Principal,
    programmeId: string,
    input: z.infer<typeof SetLateRecordingDaysBody>,
  ) {
    requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      await this.ownProgramme(client, principal, programmeId);
      const previous = await this.programmes.setLateRecordingDays(
        client,
        programmeId,
        input.lateRecordingDays,
      );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'programme.set-late-recording-days',
        entityType: 'programme',
        entityId: programmeId,
        programmeId,
        data: { from: previous ?? null, to: input.lateRecordingDays, reason: input.reason },
      });
      return { programme: await this.detail(client, principal, programmeId) };
    });
  }

  async addContractArea(
    principal: Principal,
    programmeId: string,
    area: { name: string; region?: string | undefined },
  ) {
    requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      await this.ownProgramme(client, principal, programmeId);
      const id = await this.programmes.insertContractArea(client, programmeId, area);
      if (!id)
        throw new AppError(
          ProgrammeError.NAME_TAKEN,
          `The programme already has a contract area called "${area.name}".`,
          [{ field: 'body.name', message: 'is already used in this programme' }],
        );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'programme.add-contract-area',
        entityType: 'contract_area',
        entityId: id,
        programmeId,
        data: { ...area },
      });
      return { programme: await this.detail(client, principal, programmeId) };
    });
  }

  async createPaymentModel(
    principal: Principal,
    programmeId: string,
    input: z.infer<typeof CreatePaymentModelBody>,
  ) {
    const userId = requireUser(principal);
    const template = PAYMENT_MODEL_TEMPLATES.find((t) => t.key === input.template);
    const definition = template ? template.definition : input.definition;
    const parsed = parseDefinition(definition);
    if (!parsed.ok) throw definitionProblems(parsed.problems);
    return withPartyScope(this.pool, principal, async (client) => {
      await this.ownProgramme(client, principal, programmeId);
      const modelId = await this.programmes.insertPaymentModel(client, {
        programmeId,
        name: input.name,
        description: input.description ?? null,
        userId,
      });
      if (!modelId)
        throw new AppError(
          ProgrammeError.NAME_TAKEN,
          `The programme already has a payment model called "${input.name}".`,
          [{ field: 'body.name', message: 'is already used in this programme' }],
        );
      const versionId = await this.programmes.insertVersion(client, {
        paymentModelId: modelId,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: null,
        definition: parsed.definition,
        changeNote: template ? `from the ${template.name} template` : null,
        userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'payment-model.create',
        entityType: 'payment_model',
        entityId: modelId,
        programmeId,
        data: { name: input.name, template: input.template ?? null, versionId },
      });
      return { paymentModel: await this.modelDetail(client, principal, modelId) };
    });
  }

  async getPaymentModel(principal: Principal, paymentModelId: string) {
    return withPartyScope(this.pool, principal, async (client) => ({
      paymentModel: await this.modelDetail(client, principal, paymentModelId),
    }));
  }

  private async modelDetail(client: PoolClient, principal: Principal, paymentModelId: string) {
    const model = await this.programmes.findPaymentModel(client, paymentModelId);
    if (!model) throw notFound('payment model');
    await this.visibleProgramme(client, principal, model.programmeId);
    const versions = await this.programmes.versions(client, [model.id]);
    return {
      id: model.id,
      name: model.name,
      description: model.description,
      programmeId: model.programmeId,
      programmeName: model.programmeName,
      versions: versions.map(versionSummary),
    };
  }

  async createVersion(
    principal: Principal,
    paymentModelId: string,
    input: z.infer<typeof CreateVersionBody>,
  ) {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const model = await this.programmes.findPaymentModel(client, paymentModelId);
      if (!model || model.commissionerId !== principal.organisationId)
        throw notFound('payment model');
      const latest = (await this.programmes.versions(client, [paymentModelId])).at(-1);
      // A draft may be incomplete while it is edited; consistency is required to submit it.
      const definition = input.definition ?? latest?.definition ?? {};
      const versionId = await this.programmes.insertVersion(client, {
        paymentModelId,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        definition,
        changeNote: input.changeNote ?? null,
        userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'payment-model-version.draft',
        entityType: 'payment_model_version',
        entityId: versionId,
        programmeId: model.programmeId,
        data: {
          effectiveFrom: input.effectiveFrom,
          basedOn: input.definition ? null : (latest?.id ?? null),
        },
      });
      return { version: await this.versionDetail(client, principal, versionId) };
    });
  }

  async getVersion(principal: Principal, versionId: string) {
    return withPartyScope(this.pool, principal, async (client) => ({
      version: await this.versionDetail(client, principal, versionId),
    }));
  }

  private async versionDetail(client: PoolClient, principal: Principal, versionId: string) {
    const version = await this.visibleVersion(client, principal, versionId);
    const parsed = parseDefinition(version.definition);
    return {
      ...versionSummary(version),
      paymentModelId: version.paymentModelId,
      paymentModelName: version.paymentModelName,
      programmeId: version.programmeId,
      definition: version.definition,
      problems: parsed.ok ? [] : parsed.problems,
    };
  }

  private async visibleVersion(
    client: PoolClient,
    principal: Principal,
    versionId: string,
    options: { forUpdate?: boolean } = {},
  ) {
    const version = await this.programmes.findVersion(client, versionId, options);
    if (!version) throw notFound('payment model version');
    if (version.commissionerId !== principal.organisationId) {
      if (version.status !== 'PUBLISHED') throw notFound('payment model version');
      await this.visibleProgramme(client, principal, version.programmeId);
    }
    return version;
  }

  private async ownVersion(client: PoolClient, principal: Principal, versionId: string) {
    const version = await this.programmes.findVersion(client, versionId, { forUpdate: true });
    if (!version || version.commissionerId !== principal.organisationId)
      throw notFound('payment model version');
    return version;
  }

  async updateDraft(
    principal: Principal,
    versionId: string,
    input: z.infer<typeof UpdateVersionBody>,
  ) {
    requireUser(principal);
    if (input.effectiveTo && input.effectiveTo < input.effectiveFrom)
      throw new AppError(ProgrammeError.DATES_OUT_OF_ORDER, 'The version ends before it starts.', [
        { field: 'body.effectiveTo', message: 'must not be before effectiveFrom' },
      ]);
    return withPartyScope(this.pool, principal, async (client) => {
      const version = await this.ownVersion(client, principal, versionId);
      if (version.status !== 'DRAFT')
        throw new AppError(
          ProgrammeError.VERSION_NOT_DRAFT,
          `Version ${version.version} is ${version.status === 'PUBLISHED' ? 'published and can never change: draft a new version from a date' : 'awaiting approval: return it to draft first'}.`,
        );
      await this.programmes.updateDraft(client, versionId, {
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        definition: input.definition,
        changeNote: input.changeNote ?? null,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'payment-model-version.edit',
        entityType: 'payment_model_version',
        entityId: versionId,
        programmeId: version.programmeId,
        data: { effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null },
      });
      return { version: await this.versionDetail(client, principal, versionId) };
    });
  }

  async submit(principal: Principal, versionId: string) {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const version = await this.ownVersion(client, principal, versionId);
      if (version.status !== 'DRAFT')
        throw new AppError(
          ProgrammeError.VERSION_NOT_DRAFT,
          `Version ${version.version} is not a draft.`,
        );
      const parsed = parseDefinition(version.definition);
      if (!parsed.ok) throw definitionProblems(parsed.problems);
      await this.programmes.submit(client, versionId, userId);
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'payment-model-version.submit',
        entityType: 'payment_model_version',
        entityId: versionId,
        programmeId: version.programmeId,
      });
      return { version: await this.versionDetail(client, principal, versionId) };
    });
  }

  async returnToDraft(principal: Principal, versionId: string, reason: string) {
    requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const version = await this.ownVersion(client, principal, versionId);
      if (version.status !== 'AWAITING_APPROVAL')
        throw new AppError(
          ProgrammeError.VERSION_NOT_AWAITING_APPROVAL,
          `Version ${version.version} is ${version.status.toLowerCase().replace('_', ' ')}, not awaiting approval.`,
        );
      await this.programmes.returnToDraft(client, versionId);
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'payment-model-version.return',
        entityType: 'payment_model_version',
        entityId: versionId,
        programmeId: version.programmeId,
        data: { reason },
      });
      return { version: await this.versionDetail(client, principal, versionId) };
    });
  }

  /**
   * The checker publishes: the catalogue rows and tariff rows are written and the version is in force
   * from its date. An open-ended published version running past that date is closed the day before
   * (the database refuses it if a claim it priced falls later).
   */
  async publish(principal: Principal, versionId: string) {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const version = await this.ownVersion(client, principal, versionId);
      if (version.status !== 'AWAITING_APPROVAL')
        throw new AppError(
          ProgrammeError.VERSION_NOT_AWAITING_APPROVAL,
          `Version ${version.version} must be submitted for approval before it is published.`,
        );
      if (version.submittedByUserId === userId)
        throw new AppError(
          ProgrammeError.MAKER_CANNOT_PUBLISH,
          'You submitted this version: another admin of your organisation must check and publish it.',
        );
      const parsed = parseDefinition(version.definition);
      if (!parsed.ok) throw definitionProblems(parsed.problems);
      for (const covering of await this.programmes.publishedCovering(
        client,
        version.paymentModelId,
        version.effectiveFrom,
      )) {
        if (covering.effectiveFrom >= version.effectiveFrom) {
          throw new AppError(
            ProgrammeError.VERSION_OVERLAPS,
            `Version ${covering.version} is published from ${covering.effectiveFrom}; this version (from ${version.effectiveFrom}) would overlap it. Change this version’s dates.`,
            [{ field: 'effectiveFrom', message: `overlaps version ${covering.version}` }],
          );
        }
        const dayBefore = addDays(version.effectiveFrom, -1);
        await this.programmes.closeVersion(client, covering.id, dayBefore);
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'payment-model-version.close',
          entityType: 'payment_model_version',
          entityId: covering.id,
          programmeId: version.programmeId,
          data: { effectiveTo: dayBefore, succeededBy: versionId },
        });
      }
      await this.programmes.publish(
        client,
        { id: version.id, programmeId: version.programmeId },
        parsed.definition,
        userId,
      );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'payment-model-version.publish',
        entityType: 'payment_model_version',
        entityId: versionId,
        programmeId: version.programmeId,
        data: { effectiveFrom: version.effectiveFrom, submittedBy: version.submittedByUserId },
      });
      return { version: await this.versionDetail(client, principal, versionId) };
    });
  }

  /** Every tariff and rule of the version in force on `on`, with names. */
  async rulesOn(principal: Principal, paymentModelId: string, on: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.modelDetail(client, principal, paymentModelId);
      const published = (await this.programmes.versions(client, [paymentModelId])).filter(
        (v) => v.status === 'PUBLISHED',
      );
      const inForce = findVersionInForce({
        versions: published.map((v) => ({ ...v, effectiveTo: v.effectiveTo ?? undefined, row: v })),
        onDate: on,
      })?.row;
      if (!inForce)
        throw new AppError(
          ProgrammeError.NO_PUBLISHED_VERSION,
          `No published version of this payment model is in force on ${on}.`,
          [
            {
              field: 'query.on',
              message: published.length
                ? `published versions start ${published.map((v) => v.effectiveFrom).join(', ')}`
                : 'nothing is published yet',
            },
          ],
        );
      const stored = toStoredVersion(inForce);
      const rules = programmeRulesOf({
        paymentModelId,
        name: inForce.paymentModelName,
        versions: [stored],
      });
      const definition = stored.definition;
      return {
        on,
        version: versionSummary(inForce),
        definition,
        tariffs: definition.tariffs.map((t) => ({
          paymentGroup: t.paymentGroup,
          paymentGroupName: paymentGroupNameOf(rules, t.paymentGroup),
          milestone: t.milestone,
          milestoneName: milestoneNameOf(rules, t.milestone),
          amountsPence: t.amountsPence,
          taperBasisPointsByContractYear:
            definition.tapers.find((taper) => taper.milestone === t.milestone)
              ?.basisPointsByContractYear ?? null,
        })),
      };
    });
  }

  /** A hypothetical participant under this version alone, optionally compared with another version of the same model. */
  async simulate(principal: Principal, versionId: string, input: z.infer<typeof SimulateBody>) {
    return withPartyScope(this.pool, principal, async (client) => {
      const version = await this.visibleVersion(client, principal, versionId);
      const run = (row: VersionRow, field: string): Simulation => {
        const parsed = parseDefinition(row.definition);
        if (!parsed.ok)
          throw new AppError(
            ProgrammeError.DEFINITION_INVALID,
            `Version ${row.version} cannot be simulated until its definition is consistent.`,
            parsed.problems.map((p) => ({
              field: `${field}.definition.${p.path}`,
              message: p.message,
            })),
          );
        const rules = programmeRulesOf({
          paymentModelId: row.paymentModelId,
          name: row.paymentModelName,
          versions: [
            {
              id: row.id,
              version: row.version,
              effectiveFrom: row.effectiveFrom,
              definition: parsed.definition,
            },
          ],
        });
        const { participant } = input;
        return simulateParticipant(rules, {
          participant: {
            ...participant,
            earnings: participant.earnings.map((e) => ({
              date: e.date,
              amountPence: BigInt(e.amountPence),
            })),
          },
          contractStartDate:
            input.contractStartsOn ??
            versionFor(rules, participant.referralDate).stored.effectiveFrom,
          horizonDays: input.horizonDays,
        });
      };
      const simulation = run(version, 'version');
      let comparison = null;
      if (input.compareWithVersionId) {
        const other = await this.visibleVersion(client, principal, input.compareWithVersionId);
        if (other.paymentModelId !== version.paymentModelId)
          throw new AppError(
            CommonError.VALIDATION_FAILED,
            'Compare with a version of the same payment model.',
            [{ field: 'body.compareWithVersionId', message: 'belongs to another payment model' }],
          );
        const before = run(other, 'compareWithVersion');
        const diff = compareSimulations(before, simulation);
        comparison = {
          versionId: other.id,
          version: other.version,
          simulation: renderSimulation(before),
          differences: diff.differences.map((d) => ({
            ...d,
            before: d.before && { ...d.before, amountPence: String(d.before.amountPence) },
            after: d.after && { ...d.after, amountPence: String(d.after.amountPence) },
          })),
          totalChangePence: String(diff.totalChangePence),
        };
      }
      return { simulation: renderSimulation(simulation), comparison };
    });
  }

  async createPrimeContract(
    principal: Principal,
    programmeId: string,
    input: z.infer<typeof CreatePrimeContractBody>,
  ) {
    requireUser(principal);
    if (input.endsOn < input.startsOn)
      throw new AppError(
        ProgrammeError.DATES_OUT_OF_ORDER,
        `The contract ends on ${input.endsOn}, before it starts on ${input.startsOn}.`,
        [{ field: 'body.endsOn', message: 'must not be before startsOn' }],
      );
    return withPartyScope(this.pool, principal, async (client) => {
      await this.ownProgramme(client, principal, programmeId);
      const areas = await this.programmes.contractAreas(client, programmeId);
      if (!areas.some((a) => a.id === input.contractAreaId))
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'That contract area is not in this programme.',
          [
            {
              field: 'body.contractAreaId',
              message: `choose one of: ${areas.map((a) => a.name).join(', ')}`,
            },
          ],
        );
      const models = await this.programmes.paymentModels(client, programmeId);
      const model = models.find((m) => m.id === input.paymentModelId);
      if (!model)
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'That payment model is not in this programme.',
          [
            {
              field: 'body.paymentModelId',
              message: `choose one of: ${models.map((m) => m.name).join(', ')}`,
            },
          ],
        );
      const published = (await this.programmes.versions(client, [model.id])).filter(
        (v) => v.status === 'PUBLISHED',
      );
      if (published.length === 0)
        throw new AppError(
          ProgrammeError.NO_PUBLISHED_VERSION,
          `Payment model "${model.name}" has no published version: publish one before contracting a prime on it.`,
          [{ field: 'body.paymentModelId', message: 'has no published version' }],
        );
      const prime = (await this.programmes.primeOrganisations(client)).find(
        (o) => o.id === input.primeOrganisationId,
      );
      if (!prime)
        throw new AppError(
          ProgrammeError.NOT_A_PRIME,
          'That organisation is not a prime provider on Waymark.',
          [{ field: 'body.primeOrganisationId', message: 'is not a prime provider' }],
        );
      const created = await this.programmes.insertPrimeContract(client, {
        programmeId,
        ...input,
        primeId: prime.id,
        minimumPerformanceLevelBp: input.minimumPerformanceLevelBp ?? null,
      });
      if ('conflict' in created)
        throw new AppError(
          ProgrammeError.CONTRACT_CONFLICT,
          `The prime contract cannot be created: ${created.conflict}.`,
          [
            {
              field: created.conflict.startsWith('reference')
                ? 'body.reference'
                : 'body.contractAreaId',
              message: created.conflict,
            },
          ],
        );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'prime-contract.create',
        entityType: 'prime_contract',
        entityId: created.id,
        programmeId,
        data: { ...input, primeName: prime.name, paymentModelName: model.name },
      });
      const contract = (await this.programmes.primeContracts(client, programmeId)).find(
        (c) => c.id === created.id,
      );
      if (!contract) throw new Error('the prime contract just created is not visible');
      return { primeContract: contract };
    });
  }
}

function renderSimulation(simulation: Simulation) {
  return {
    ...simulation,
    totalPence: String(simulation.totalPence),
    schedule: simulation.schedule.map((m) => ({ ...m, amountPence: String(m.amountPence) })),
  };
}
