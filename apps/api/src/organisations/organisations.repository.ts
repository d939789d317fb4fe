import { Inject, Injectable } from '@nestjs/common';
import { type OrganisationKind, type SectorType, type TurnoverBand } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { type PrismaClient } from '@waymark/db';
import { PRISMA } from '../common/db/database.module';

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  companyNumber: string | null;
  charityNumber: string | null;
  turnoverBand: TurnoverBand | null;
  sectorType: SectorType | null;
  specialisms: string[];
  createdAt: Date;
}

const COLUMNS = `id, name, kind::text AS kind, company_number AS "companyNumber", charity_number AS "charityNumber",
  turnover_band::text AS "turnoverBand", sector_type::text AS "sectorType", specialisms, created_at AS "createdAt"`;

@Injectable()
export class OrganisationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  // Plain CRUD reads go through Prisma Client; writes that share a transaction with the audit trail use SQL.
  async list(): Promise<OrganisationRow[]> {
    return this.prisma.organisation.findMany({ orderBy: [{ kind: 'asc' }, { name: 'asc' }] });
  }

  async findById(id: string): Promise<OrganisationRow | undefined> {
    return (await this.prisma.organisation.findUnique({ where: { id } })) ?? undefined;
  }

  async nameTaken(client: PoolClient, name: string): Promise<boolean> {
    const { rowCount } = await client.query('SELECT 1 FROM organisation WHERE lower(name) = lower($1)', [name]);
    return (rowCount ?? 0) > 0;
  }

  async insert(
    client: PoolClient,
    input: { name: string; kind: OrganisationKind; companyNumber?: string; charityNumber?: string; turnoverBand?: TurnoverBand; sectorType?: SectorType; specialisms: string[] },
  ): Promise<OrganisationRow> {
    const { rows } = await client.query<OrganisationRow>(
      `INSERT INTO organisation (name, kind, company_number, charity_number, turnover_band, sector_type, specialisms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [input.name, input.kind, input.companyNumber ?? null, input.charityNumber ?? null, input.turnoverBand ?? null, input.sectorType ?? null, input.specialisms],
    );
    return rows[0]!;
  }
}
