import { Inject, Injectable } from '@nestjs/common';
import { type OrganisationKind, type SectorType, type TurnoverBand } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';

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
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  // The organisation directory is not party data: every signed-in party reads all of it, as the table owner.
  async list(): Promise<OrganisationRow[]> {
    const { rows } = await this.pool.query<OrganisationRow>(
      `SELECT ${COLUMNS} FROM organisation ORDER BY organisation.kind, organisation.name`,
    );
    return rows;
  }

  async findById(id: string): Promise<OrganisationRow | undefined> {
    const { rows } = await this.pool.query<OrganisationRow>(
      `SELECT ${COLUMNS} FROM organisation WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async nameTaken(client: PoolClient, name: string): Promise<boolean> {
    const { rowCount } = await client.query(
      'SELECT 1 FROM organisation WHERE lower(name) = lower($1)',
      [name],
    );
    return (rowCount ?? 0) > 0;
  }

  async insert(
    client: PoolClient,
    input: {
      name: string;
      kind: OrganisationKind;
      companyNumber?: string;
      charityNumber?: string;
      turnoverBand?: TurnoverBand;
      sectorType?: SectorType;
      specialisms: string[];
    },
  ): Promise<OrganisationRow> {
    const { rows } = await client.query<OrganisationRow>(
      `INSERT INTO organisation (name, kind, company_number, charity_number, turnover_band, sector_type, specialisms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        input.name,
        input.kind,
        input.companyNumber ?? null,
        input.charityNumber ?? null,
        input.turnoverBand ?? null,
        input.sectorType ?? null,
        input.specialisms,
      ],
    );
    return rows[0]!;
  }
}
