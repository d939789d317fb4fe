// The platform operator onboards organisations; the new organisation's first
// admin gets a one-time invitation and takes it from there.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { UserError } from '../users/users.errors';
import { UsersService } from '../users/users.service';
import { type InviteSubcontractorBody, type OnboardOrganisationBody } from './organisations.dto';
import { type OrganisationRow, OrganisationsRepository } from './organisations.repository';
import { type z } from 'zod';

const toSummary = (row: OrganisationRow) => ({ ...row, createdAt: row.createdAt.toISOString() });

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async list() {
    return (await this.organisations.list()).map(toSummary);
  }

  async current(principal: Principal) {
    const row = await this.organisations.findById(principal.organisationId);
    if (!row) throw new AppError(CommonError.NOT_FOUND, 'Your organisation no longer exists.');
    return toSummary(row);
  }

  /**
   * A prime invites a subcontractor that is not on Waymark yet (W11 onboarding): the organisation is
   * created as a subcontractor and its first admin invited; the prime then offers it a subcontract,
   * which that admin accepts. Audited as the prime's act.
   */
  async inviteSubcontractor(principal: Principal, input: z.infer<typeof InviteSubcontractorBody>) {
    return this.onboard(
      principal,
      { ...input, kind: 'SUBCONTRACTOR' },
      'organisation.invite-subcontractor',
    );
  }

  async onboard(
    principal: Principal,
    input: z.infer<typeof OnboardOrganisationBody>,
    action = 'organisation.onboard',
  ) {
    return withTransaction(this.pool, async (client) => {
      if (await this.organisations.nameTaken(client, input.name)) {
        throw new AppError(
          UserError.ORGANISATION_NAME_TAKEN,
          `An organisation called "${input.name}" already exists.`,
          [{ field: 'body.name', message: 'is already taken' }],
        );
      }
      const { firstAdmin, ...details } = input;
      const organisation = await this.organisations.insert(client, details);
      await this.audit.record(client, {
        ...auditActor(principal),
        action,
        entityType: 'organisation',
        entityId: organisation.id,
        data: { name: organisation.name, kind: organisation.kind },
      });
      const firstAdminInvitation = await this.users.createInvitation(client, {
        organisationId: organisation.id,
        email: firstAdmin.email,
        displayName: firstAdmin.displayName,
        roles: ['ADMIN'],
        invitedBy: principal,
      });
      return { organisation: toSummary(organisation), firstAdminInvitation };
    });
  }
}
