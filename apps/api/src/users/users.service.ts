// Organisation admins manage their own people: invite (one-time link, token
// stored hashed, 7-day expiry), change roles, deactivate. Every change is
// audited with its reason; another organisation's user answers 404.
import { Inject, Injectable } from '@nestjs/common';
import { type Role } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { principalCache } from '../common/auth/principal-cache';
import { auditActor, type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { AuthError } from '../auth/auth.errors';
import { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/password-hasher';
import { checkPassword } from '../auth/password-policy';
import { hashOpaqueToken, newOpaqueToken } from '../auth/tokens';
import { UserError } from './users.errors';
import { type UserRow, UsersRepository } from './users.repository';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function toUserSummary(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    isActive: user.isActive,
    lastSignedInAt: user.lastSignedInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(principal: Principal) {
    return (await this.users.listUsers(principal.organisationId)).map(toUserSummary);
  }

  async invite(principal: Principal, input: { email: string; displayName: string; roles: Role[] }) {
    return withTransaction(this.pool, (client) =>
      this.createInvitation(client, {
        ...input,
        organisationId: principal.organisationId,
        invitedBy: principal,
      }),
    );
  }

  /** Shared with organisation onboarding, which invites the new organisation's first admin. */
  async createInvitation(
    client: PoolClient,
    input: {
      organisationId: string;
      email: string;
      displayName: string;
      roles: Role[];
      invitedBy: Principal;
    },
  ) {
    const email = input.email.trim().toLowerCase();
    // Only an account in the inviting organisation is named (its admins list those users anyway). An
    // account of another party is answered like a new address, so the answer never tells whether an
    // address has an account elsewhere; accepting that invitation is refused, to the invitee only.
    if ((await this.users.organisationOfEmail(client, email)) === input.organisationId) {
      throw new AppError(
        UserError.EMAIL_TAKEN,
        `${email} already has an account in your organisation.`,
        [{ field: 'body.email', message: 'already has an account' }],
      );
    }
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    const id = await this.users.insertInvitation(client, {
      organisationId: input.organisationId,
      email,
      displayName: input.displayName,
      roles: input.roles,
      tokenHash: hash,
      invitedByUserId: input.invitedBy.userId,
      expiresAt,
    });
    await this.audit.record(client, {
      ...auditActor(input.invitedBy),
      action: 'user.invite',
      entityType: 'invitation',
      entityId: id,
      data: { email, roles: input.roles, organisationId: input.organisationId },
    });
    return {
      id,
      email,
      expiresAt: expiresAt.toISOString(),
      acceptUrl: `${this.config.webOrigin}/accept-invitation?token=${encodeURIComponent(token)}`,
    };
  }

  async listInvitations(principal: Principal) {
    const rows = await this.users.listPendingInvitations(principal.organisationId);
    return rows.map((row) => ({
      ...row,
      expiresAt: row.expiresAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async revokeInvitation(principal: Principal, invitationId: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      if (!(await this.users.revokeInvitation(client, principal.organisationId, invitationId))) {
        throw new AppError(
          CommonError.NOT_FOUND,
          'No pending invitation with that id in your organisation.',
        );
      }
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'user.revoke-invitation',
        entityType: 'invitation',
        entityId: invitationId,
      });
    });
  }

  async acceptInvitation(input: { token: string; password: string }) {
    return withTransaction(this.pool, async (client) => {
      const invitation = await this.users.lockUsableInvitation(
        client,
        hashOpaqueToken(input.token),
      );
      if (!invitation) {
        throw new AppError(
          AuthError.INVITATION_INVALID,
          'This invitation link has expired, was revoked or was already used. Ask your organisation admin for a new one.',
        );
      }
      if (await this.users.emailExists(client, invitation.email)) {
        throw new AppError(
          UserError.EMAIL_TAKEN,
          `${invitation.email} already has a Waymark account: sign in with it, or ask for an invitation to another address.`,
          [{ field: 'body.token', message: 'is for an address that already has an account' }],
        );
      }
      const verdict = checkPassword(input.password, {
        email: invitation.email,
        displayName: invitation.displayName,
      });
      if (!verdict.isAcceptable) {
        throw new AppError(AuthError.WEAK_PASSWORD, `The password ${verdict.reason}.`, [
          { field: 'body.password', message: verdict.reason },
        ]);
      }
      const userId = await this.users.acceptInvitation(client, invitation.id, {
        ...invitation,
        passwordHash: await hashPassword(input.password),
      });
      await this.audit.record(client, {
        actorUserId: userId,
        actorOrganisationId: invitation.organisationId,
        action: 'user.accept-invitation',
        entityType: 'app_user',
        entityId: userId,
        data: { invitationId: invitation.id },
      });
      return { email: invitation.email };
    });
  }

  async update(
    principal: Principal,
    userId: string,
    change: { roles?: Role[]; isActive?: boolean; reason: string },
  ) {
    const summary = await withTransaction(this.pool, async (client) => {
      const user = await this.users.lockUserInOrganisation(
        client,
        principal.organisationId,
        userId,
      );
      if (!user)
        throw new AppError(CommonError.NOT_FOUND, 'No user with that id in your organisation.');
      const losesAdmin =
        (change.roles && !change.roles.includes('ADMIN')) || change.isActive === false;
      if (
        user.roles.includes('ADMIN') &&
        user.isActive &&
        losesAdmin &&
        (await this.users.countOtherActiveAdmins(client, principal.organisationId, userId)) === 0
      ) {
        throw new AppError(
          UserError.LAST_ADMIN,
          `${user.displayName} is the organisation's only active admin; make someone else an admin first.`,
        );
      }
      const updated = await this.users.updateUser(client, userId, change);
      if (change.isActive === false)
        await this.auth.revokeSessionsOfUser(client, userId, 'deactivated');
      await this.audit.record(client, {
        ...auditActor(principal),
        action:
          change.isActive === false
            ? 'user.deactivate'
            : change.isActive === true && !user.isActive
              ? 'user.reactivate'
              : 'user.change-roles',
        entityType: 'app_user',
        entityId: userId,
        data: {
          reason: change.reason,
          from: { roles: user.roles, isActive: user.isActive },
          to: { roles: updated.roles, isActive: updated.isActive },
        },
      });
      return toUserSummary(updated);
    });
    // Their cached caller would only earn a 401 from the party scope's check; forget it here to save the round trip.
    principalCache.forgetUser(userId);
    return summary;
  }
}
