import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { buildReleasePackage } from './ocds-release-package';
import { OpenDataRepository } from './open-data.repository';

@Injectable()
export class OpenDataService {
  constructor(
    private readonly repository: OpenDataRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** The programme's OCDS 1.1 release package (the commissioner's own programmes only). */
  releasePackage(principal: Principal, programmeId: string, baseUri: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const programme = await this.repository.findProgramme(client, principal.organisationId, programmeId);
      if (!programme) throw new AppError(CommonError.NOT_FOUND, `No programme ${programmeId} commissioned by your organisation.`);
      return buildReleasePackage({
        baseUri,
        publishedAt: new Date(),
        programme,
        primeContracts: await this.repository.primeContracts(client, programmeId),
        subcontracts: await this.repository.subcontracts(client, programmeId),
        remittances: await this.repository.remittances(client, programmeId),
        subcontractorPayments: await this.repository.subcontractorPayments(client, programmeId),
        milestoneTypes: await this.repository.milestoneTypes(client, programmeId),
      });
    });
  }
}
