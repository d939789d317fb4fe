// Records of processing for the programme's commissioner (the controller):
// which party processes which categories for what purpose, derived from the
// supply chain and the static register; and who read special category data,
// from the audit trail, by period, as JSON pages or CSV.
import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { CursorPart, decodeCursor, encodeCursor } from '../common/paging/cursor';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import { DataProtectionError } from './data-protection.errors';
import { type SpecialCategoryReadView } from './data-protection.dto';
import { PROCESSING_REGISTER, type ProgrammePartyKind } from './processing-register';
import {
  RecordsOfProcessingRepository,
  type SpecialCategoryReadRow,
} from './records-of-processing.repository';
import { RetentionRepository } from './retention.repository';

const CSV_PAGE = 5000;

function toReadView(row: SpecialCategoryReadRow): SpecialCategoryReadView {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    actorOrganisationId: row.actorOrganisationId,
    actorOrganisationName: row.actorOrganisationName,
    participantId: row.participantId,
    participantReference: row.participantReference,
    referralId: row.referralId,
    purpose: row.purpose,
    fields: Array.isArray(row.fields) ? row.fields.map(String) : [],
  };
}

@Injectable()
export class RecordsOfProcessingService {
  constructor(
    private readonly records: RecordsOfProcessingRepository,
    private readonly retention: RetentionRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async build(principal: Principal, programmeId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const programme = await this.findControlledProgrammeOrThrow(client, principal, programmeId);
      const policy = await this.retention.findPolicy(client, programmeId);
      const parties = await this.records.listParties(client, programmeId);
      return {
        programmeId,
        programmeName: programme.name,
        retentionPolicy: {
          programmeId,
          isSet: policy !== undefined,
          personalDataYearsAfterExit: policy?.personalDataYearsAfterExit ?? null,
          evidenceYearsAfterContractEnd: policy?.evidenceYearsAfterContractEnd ?? null,
          notes: policy?.notes ?? null,
          setByUserId: policy?.setByUserId ?? null,
          setAt: policy?.setAt.toISOString() ?? null,
        },
        records: parties
          .filter(
            (party): party is typeof party & { organisationKind: ProgrammePartyKind } =>
              party.organisationKind !== 'PLATFORM',
          )
          .map((party) => {
            const entry = PROCESSING_REGISTER[party.organisationKind];
            return {
              ...party,
              role: entry.role,
              categories: [...entry.categories],
              specialCategories: [...entry.specialCategories],
              purposes: [...entry.purposes],
            };
          }),
      };
    });
  }

  async listSpecialCategoryReads(
    principal: Principal,
    programmeId: string,
    query: {
      from?: string | undefined;
      to?: string | undefined;
      cursor?: string | undefined;
      limit: number;
    },
  ) {
    const afterSeq = decodeCursor(query.cursor, [CursorPart.sequence])?.[0];
    return withPartyScope(this.pool, principal, async (client) => {
      await this.findControlledProgrammeOrThrow(client, principal, programmeId);
      const rows = await this.records.listSpecialCategoryReads(client, {
        programmeId,
        from: query.from,
        to: query.to,
        afterSeq,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      return {
        reads: page.map(toReadView),
        nextCursor: rows.length > query.limit ? encodeCursor([page[page.length - 1]!.seq]) : null,
      };
    });
  }

  /** Every read in the period, paged through internally; cells made safe for spreadsheets. */
  async specialCategoryReadsCsv(
    principal: Principal,
    programmeId: string,
    query: { from?: string | undefined; to?: string | undefined },
  ): Promise<string> {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.findControlledProgrammeOrThrow(client, principal, programmeId);
      const lines: string[][] = [];
      let afterSeq: string | undefined;
      for (;;) {
        const rows = await this.records.listSpecialCategoryReads(client, {
          programmeId,
          from: query.from,
          to: query.to,
          afterSeq,
          limit: CSV_PAGE,
        });
        for (const read of rows.map(toReadView)) {
          lines.push(
            [
              read.occurredAt,
              read.actorName ?? '',
              read.actorUserId ?? '',
              read.actorOrganisationName ?? '',
              read.participantReference ?? '',
              read.participantId,
              read.referralId ?? '',
              read.purpose ?? '',
              read.fields.join(' '),
            ].map(neutraliseFormula),
          );
        }
        if (rows.length < CSV_PAGE) break;
        afterSeq = rows[rows.length - 1]!.seq;
      }
      return stringify([
        [
          'occurred_at',
          'reader',
          'reader_user_id',
          'reader_organisation',
          'participant_reference',
          'participant_id',
          'referral_id',
          'purpose',
          'fields',
        ],
        ...lines,
      ]);
    });
  }

  private async findControlledProgrammeOrThrow(
    client: PoolClient,
    principal: Principal,
    programmeId: string,
  ) {
    const programme = await this.retention.findProgrammeForParty(client, programmeId);
    if (!programme)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No programme with that id is visible to your organisation.',
      );
    if (programme.commissionerId !== principal.organisationId)
      throw new AppError(
        DataProtectionError.NOT_DATA_CONTROLLER,
        'Records of processing are the commissioner’s, as data controller.',
      );
    return programme;
  }
}
