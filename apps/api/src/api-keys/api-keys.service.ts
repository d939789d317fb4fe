// Organisation API keys for system integrations (a prime's CRM, a referral
// partner's case system). Shown once, stored as SHA-256, acting with roles and
// limited to scopes (what the integration may do), revocable at once, last use
// recorded at most once a minute.
import { Inject, Injectable } from '@nestjs/common';
import { type ApiKeyScope, canHoldScope, type Role } from '@waymark/domain';
import { type Pool } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { API_KEY_PREFIX, newOpaqueToken } from '../auth/tokens';
import { type ApiKeyRow, ApiKeysRepository } from './api-keys.repository';

function toSummary(row: ApiKeyRow) {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async list(principal: Principal) {
    return (await this.keys.list(principal.organisationId)).map(toSummary);
  }

  async create(
    principal: Principal,
    input: { name: string; roles: Role[]; scopes: ApiKeyScope[] },
  ) {
    // A scope the key could use nowhere (its organisation's kind or its roles are shut out of every
    // route the scope opens) is refused, so a key never promises what it cannot do.
    const unusable = input.scopes.filter(
      (scope) =>
        !canHoldScope(scope, { organisationKind: principal.organisationKind, roles: input.roles }),
    );
    if (unusable.length > 0) {
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        `A key of your organisation with these roles could not use ${unusable.join(', ')} anywhere.`,
        unusable.map((scope) => ({
          field: `body.scopes.${input.scopes.indexOf(scope)}`,
          message: `${scope} is not open to your organisation with these roles`,
        })),
      );
    }
    const { token, hash } = newOpaqueToken(API_KEY_PREFIX);
    return withTransaction(this.pool, async (client) => {
      const row = await this.keys.insert(client, {
        organisationId: principal.organisationId,
        name: input.name,
        prefix: token.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: hash,
        roles: input.roles,
        scopes: [...new Set(input.scopes)],
        createdByUserId: principal.userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'api-key.create',
        entityType: 'api_key',
        entityId: row.id,
        data: { name: input.name, roles: input.roles, scopes: input.scopes },
      });
      return { apiKey: toSummary(row), key: token };
    });
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      if (!(await this.keys.revoke(client, principal.organisationId, id)))
        throw new AppError(
          CommonError.NOT_FOUND,
          'No active API key with that id in your organisation.',
        );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'api-key.revoke',
        entityType: 'api_key',
        entityId: id,
      });
    });
  }
}
