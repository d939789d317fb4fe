// Sign-in, token refresh with rotation and reuse detection, sign-out, and
// resolving the caller behind an access token or API key. Sessions are
// checked on every request, so revocation takes effect at once.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { principalCache } from '../common/auth/principal-cache';
import { type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { AuthError } from './auth.errors';
import { AuthRepository, type UserForSignIn } from './auth.repository';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hasher';
import { checkPassword } from './password-policy';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  type AccessTokenClaims,
  hashOpaqueToken,
  newOpaqueToken,
  REFRESH_TOKEN_TTL_SECONDS,
  signAccessToken,
} from './tokens';

/** Per account: 5 failures in 15 minutes; per IP address: 30 (a shared office NAT should still work). */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface IssuedSession {
  user: ReturnType<typeof toSignedInUser>;
  accessToken: string;
  refreshToken: string;
}

export function toSignedInUser(user: UserForSignIn) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    organisation: {
      id: user.organisationId,
      name: user.organisationName,
      kind: user.organisationKind,
    },
  };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signs a user out everywhere, in the caller's transaction (a deactivated user's sessions end with the change). */
  async revokeSessionsOfUser(client: PoolClient, userId: string, reason: string): Promise<void> {
    await this.repository.revokeSessionsOfUser(client, userId, reason);
  }

  async signIn(input: {
    email: string;
    password: string;
    ipAddress: string;
    userAgent: string | null;
  }): Promise<IssuedSession> {
    const email = input.email.trim().toLowerCase();
    await this.enforceThrottle(email, input.ipAddress);

    const user = await this.repository.findUserByEmail(email);
    // Verify against a dummy hash when there is no such user, so response time does not reveal accounts.
    const passwordMatches = await verifyPassword(
      user?.passwordHash ?? (await dummyPasswordHash()),
      input.password,
    );
    const succeeded = !!user && user.isActive && passwordMatches;
    await this.repository.recordAttempt(email, input.ipAddress, succeeded);
    if (!succeeded || !user) {
      throw new AppError(
        AuthError.INVALID_CREDENTIALS,
        'The email or password is not right, or the account is deactivated.',
      );
    }
    return this.issueSession(user, input.ipAddress, input.userAgent);
  }

  private async enforceThrottle(email: string, ipAddress: string): Promise<void> {
    const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
    const failures = await this.repository.countRecentFailures(email, ipAddress, since);
    const blockedSince =
      failures.byEmail >= MAX_FAILURES_PER_ACCOUNT
        ? failures.oldestByEmail
        : failures.byIp >= MAX_FAILURES_PER_IP
          ? failures.oldestByIp
          : null;
    if (!blockedSince) return;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((blockedSince.getTime() + THROTTLE_WINDOW_MS - Date.now()) / 1000),
    );
    throw new AppError(
      CommonError.RATE_LIMITED,
      `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
      [],
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  private async issueSession(
    user: UserForSignIn,
    ipAddress: string,
    userAgent: string | null,
  ): Promise<IssuedSession> {
    const refresh = newOpaqueToken();
    const now = Date.now();
    const sessionId = await withTransaction(this.pool, async (client) => {
      const id = await this.repository.createSession(client, {
        userId: user.id,
        expiresAt: new Date(now + REFRESH_TOKEN_TTL_SECONDS * 1000),
        userAgent,
        ipAddress,
      });
      await this.repository.insertRefreshToken(client, {
        sessionId: id,
        tokenHash: refresh.hash,
        expiresAt: new Date(now + REFRESH_TOKEN_TTL_SECONDS * 1000),
      });
      await this.audit.record(client, {
        actorUserId: user.id,
        actorOrganisationId: user.organisationId,
        action: 'auth.sign-in',
        entityType: 'auth_session',
        entityId: id,
        data: { ipAddress },
      });
      return id;
    });
    return {
      user: toSignedInUser(user),
      accessToken: this.accessTokenFor(user, sessionId),
      refreshToken: refresh.token,
    };
  }

  private accessTokenFor(user: { id: string; organisationId: string }, sessionId: string): string {
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId, org: user.organisationId };
    return signAccessToken(claims, this.config.authSecret);
  }

  /**
   * Rotates a refresh token. Presenting one that was already used means it was
   * stolen or replayed: the whole session (token family) is revoked.
   */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const tokenHash = hashOpaqueToken(refreshToken);
    const outcome = await withTransaction(this.pool, async (client) => {
      const token = await this.repository.lockRefreshToken(client, tokenHash);
      if (!token) return { kind: 'unknown' as const };
      if (token.used_at) {
        await this.repository.revokeSession(client, token.session_id, 'refresh token reused');
        await this.audit.record(client, {
          actorUserId: token.user_id,
          actorOrganisationId: null,
          action: 'auth.refresh-token-reused',
          entityType: 'auth_session',
          entityId: token.session_id,
          data: { outcome: 'session revoked' },
        });
        return { kind: 'reused' as const, sessionId: token.session_id };
      }
      if (
        token.session_revoked_at ||
        token.expires_at.getTime() <= Date.now() ||
        token.session_expires_at.getTime() <= Date.now()
      ) {
        return { kind: 'expired' as const };
      }
      await this.repository.markRefreshTokenUsed(client, token.id);
      const next = newOpaqueToken();
      await this.repository.insertRefreshToken(client, {
        sessionId: token.session_id,
        tokenHash: next.hash,
        expiresAt: token.session_expires_at,
      });
      return {
        kind: 'rotated' as const,
        sessionId: token.session_id,
        userId: token.user_id,
        refreshToken: next.token,
      };
    });

    switch (outcome.kind) {
      case 'unknown':
      case 'expired':
        throw new AppError(AuthError.SESSION_EXPIRED, 'Your session has ended. Sign in again.');
      case 'reused':
        principalCache.forgetSession(outcome.sessionId);
        throw new AppError(
          AuthError.REFRESH_TOKEN_REUSED,
          'This refresh token was already used, so the session was ended for safety. Sign in again.',
        );
      case 'rotated': {
        const user = await this.repository.findUserById(outcome.userId);
        if (!user || !user.isActive)
          throw new AppError(AuthError.SESSION_EXPIRED, 'Your session has ended. Sign in again.');
        return {
          user: toSignedInUser(user),
          accessToken: this.accessTokenFor(user, outcome.sessionId),
          refreshToken: outcome.refreshToken,
        };
      }
    }
  }

  async signOut(principal: Principal): Promise<void> {
    if (!principal.sessionId) return;
    const sessionId = principal.sessionId;
    await withTransaction(this.pool, async (client) => {
      await this.repository.revokeSession(client, sessionId, 'signed out');
      await this.audit.record(client, {
        actorUserId: principal.userId,
        actorOrganisationId: principal.organisationId,
        action: 'auth.sign-out',
        entityType: 'auth_session',
        entityId: sessionId,
      });
    });
    principalCache.forgetSession(sessionId);
  }

  async me(principal: Principal) {
    const user = principal.userId
      ? await this.repository.findUserById(principal.userId)
      : undefined;
    if (!user)
      throw new AppError(
        CommonError.UNAUTHENTICATED,
        'API keys have no user; sign in as a person.',
      );
    return toSignedInUser(user);
  }

  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const user = principal.userId
      ? await this.repository.findUserById(principal.userId)
      : undefined;
    if (!user)
      throw new AppError(CommonError.UNAUTHENTICATED, 'Sign in as a person to change a password.');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError(AuthError.WRONG_CURRENT_PASSWORD, 'The current password is not right.', [
        { field: 'body.currentPassword', message: 'is not right' },
      ]);
    }
    const verdict = checkPassword(input.newPassword, {
      email: user.email,
      displayName: user.displayName,
    });
    if (!verdict.isAcceptable) {
      throw new AppError(AuthError.WEAK_PASSWORD, `The new password ${verdict.reason}.`, [
        { field: 'body.newPassword', message: verdict.reason },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    await withTransaction(this.pool, async (client) => {
      await this.repository.updatePasswordHash(client, user.id, passwordHash);
      // Other devices must sign in again with the new password.
      await this.repository.revokeSessionsOfUser(
        client,
        user.id,
        'password changed',
        principal.sessionId,
      );
      await this.audit.record(client, {
        actorUserId: user.id,
        actorOrganisationId: user.organisationId,
        action: 'auth.change-password',
        entityType: 'app_user',
        entityId: user.id,
      });
    });
    principalCache.forgetUser(user.id);
  }

  /** Resolves a verified access token to its live session, or nothing (revoked, expired, deactivated). */
  /**
   * With `mayUseCache` (routes that declare `sessionCheckedInScope`), a caller
   * resolved in the last minute is reused without a lookup: those routes'
   * party scope re-checks the session in the same transaction as their work
   * (common/auth/principal-cache.ts). Every other route looks it up.
   */
  async principalForAccessToken(
    claims: AccessTokenClaims,
    { mayUseCache = false }: { mayUseCache?: boolean } = {},
  ): Promise<Principal | undefined> {
    const cached = mayUseCache ? principalCache.get(claims.sid, claims.sub) : undefined;
    if (cached) return cached;
    const row = await this.repository.findLiveSession(claims.sid, claims.sub);
    if (!row) {
      principalCache.forgetSession(claims.sid);
      return undefined;
    }
    const principal: Principal = {
      via: 'session',
      userId: row.userId,
      apiKeyId: null,
      sessionId: row.sessionId,
      organisationId: row.organisationId,
      organisationKind: row.organisationKind,
      roles: row.roles,
    };
    principalCache.set(principal, row.expiresAt);
    return principal;
  }

  async principalForApiKey(key: string): Promise<Principal | undefined> {
    const row = await this.repository.findLiveApiKey(hashOpaqueToken(key));
    if (!row) return undefined;
    return {
      via: 'api-key',
      userId: null,
      apiKeyId: row.id,
      sessionId: null,
      organisationId: row.organisationId,
      organisationKind: row.organisationKind,
      roles: row.roles,
      apiKeyScopes: row.scopes,
      apiKeyCreatedByUserId: row.createdByUserId,
    };
  }

  get accessTokenTtlSeconds(): number {
    return ACCESS_TOKEN_TTL_SECONDS;
  }
}
