// What an OCDS release package for one programme publishes: the programme,
// its prime contracts and subcontracts, the payments made under each, and the
// milestone types paid for. Reads run in the commissioner's party scope.
import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';

export interface OcdsOrganisation {
  id: string;
  name: string;
  companyNumber: string | null;
  charityNumber: string | null;
}
export interface OcdsProgramme {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string | null;
  createdAt: Date;
  commissioner: OcdsOrganisation;
}
export interface OcdsPrimeContract {
  id: string;
  reference: string;
  areaName: string;
  prime: OcdsOrganisation;
  valueCapPence: string;
  startsOn: string;
  endsOn: string;
  createdAt: Date;
}
export interface OcdsSubcontract {
  id: string;
  primeContractId: string;
  subcontractor: OcdsOrganisation;
  tier: string;
  termsKind: string;
  startsOn: string;
  endsOn: string | null;
  createdAt: Date;
}
export interface OcdsPayment {
  id: string;
  contractId: string;
  paidOn: string;
  paidReference: string;
  amountPence: string;
}

const ORG = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'companyNumber', ${alias}.company_number, 'charityNumber', ${alias}.charity_number)`;

@Injectable()
export class OpenDataRepository {
  async findProgramme(client: PoolClient, commissionerId: string, programmeId: string): Promise<OcdsProgramme | null> {
    const { rows } = await client.query<OcdsProgramme>(
      `SELECT p.id, p.name, p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn", p.created_at AS "createdAt", ${ORG('o')} AS commissioner
       FROM programme p JOIN organisation o ON o.id = p.commissioner_id WHERE p.id = $1 AND p.commissioner_id = $2`,
      [programmeId, commissionerId],
    );
    return rows[0] ?? null;
  }

  async primeContracts(client: PoolClient, programmeId: string): Promise<OcdsPrimeContract[]> {
    const { rows } = await client.query<OcdsPrimeContract>(
      `SELECT pc.id, pc.reference, ca.name AS "areaName", ${ORG('o')} AS prime, pc.value_cap_pence::text AS "valueCapPence",
         pc.starts_on::text AS "startsOn", pc.ends_on::text AS "endsOn", pc.created_at AS "createdAt"
       FROM prime_contract pc JOIN organisation o ON o.id = pc.prime_id JOIN contract_area ca ON ca.id = pc.contract_area_id
       WHERE pc.programme_id = $1 ORDER BY pc.reference`,
      [programmeId],
    );
    return rows;
  }

  async subcontracts(client: PoolClient, programmeId: string): Promise<OcdsSubcontract[]> {
    const { rows } = await client.query<OcdsSubcontract>(
      `SELECT s.id, s.prime_contract_id AS "primeContractId", ${ORG('o')} AS subcontractor, s.tier::text AS tier, s.terms_kind::text AS "termsKind",
         s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn", s.created_at AS "createdAt"
       FROM subcontract s JOIN organisation o ON o.id = s.subcontractor_id
       WHERE s.programme_id = $1 ORDER BY s.prime_contract_id, o.name, s.id`,
      [programmeId],
    );
    return rows;
  }

  /** Paid remittances (commissioner → prime), contractId = prime contract. */
  async remittances(client: PoolClient, programmeId: string): Promise<OcdsPayment[]> {
    const { rows } = await client.query<OcdsPayment>(
      `SELECT r.id, r.prime_contract_id AS "contractId", r.paid_on::text AS "paidOn", r.paid_reference AS "paidReference",
         (SELECT COALESCE(sum(rl.amount_pence), 0) FROM remittance_line rl WHERE rl.remittance_id = r.id)::text AS "amountPence"
       FROM remittance r WHERE r.programme_id = $1 AND r.status = 'PAID' ORDER BY r.paid_on, r.id`,
      [programmeId],
    );
    return rows;
  }

  /** Paid subcontractor payments (prime → subcontractor), contractId = subcontract; net of the management fee. */
  async subcontractorPayments(client: PoolClient, programmeId: string): Promise<OcdsPayment[]> {
    const { rows } = await client.query<OcdsPayment>(
      `SELECT p.id, p.subcontract_id AS "contractId", p.paid_on::text AS "paidOn", p.paid_reference AS "paidReference",
         (SELECT COALESCE(sum(l.amount_pence), 0) FROM subcontractor_payment_line l WHERE l.subcontractor_payment_id = p.id)::text AS "amountPence"
       FROM subcontractor_payment p WHERE p.programme_id = $1 AND p.status = 'PAID' ORDER BY p.paid_on, p.id`,
      [programmeId],
    );
    return rows;
  }

  async milestoneTypes(client: PoolClient, programmeId: string): Promise<{ id: string; code: string; name: string }[]> {
    return (await client.query<{ id: string; code: string; name: string }>('SELECT id, code::text AS code, name FROM milestone_type WHERE programme_id = $1 ORDER BY code', [programmeId])).rows;
  }
}
