// The global guard. Default deny: a route is reachable only if it is marked
// @Public(reason) or declares an @Access policy; then the caller must be
// authenticated (access token or API key) and its party kind and roles must
// satisfy the policy (an API key also needs the scope the policy names).
// Record-level scoping happens in services and RLS.
import { type ExecutionContext, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { API_KEY_SCOPE_DESCRIPTIONS } from '@waymark/domain';
import { AppError } from '../errors/app-error';
import { describeCause } from '../errors/infrastructure-failure';
import { assertCsrfSafe } from './csrf';
import { CommonError } from '../errors/error-codes';
import { ReadDatabase } from '../db/read-database';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorator';
import { type Principal } from './principal';
import { PUBLIC_ROUTE } from './public.decorator';
import { wordFor } from '@waymark/domain';

/** The request as the guard hands it to the access-token strategy: whether the route lets the caller come from the principal cache. */
export type RequestWithCachePolicy = FastifyRequest & {
  mayUseCachedPrincipal?: boolean;
  params?: Record<string, unknown>;
};

/** The guard's answer for a record route closed to the caller's party: the same status and code as an unknown id. */
export const RECORD_NOT_VISIBLE = 'No record with that id is visible to your organisation.';

@Injectable()
export class AccessGuard extends AuthGuard(['access-token', 'api-key']) {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly reader?: ReadDatabase,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<string>(PUBLIC_ROUTE, targets)) return true;
    const policy = this.reflector.getAllAndOverride<AccessPolicy>(ACCESS_POLICY, targets);
    if (!policy)
      throw new AppError(
        CommonError.FORBIDDEN,
        'This route declares no access policy, so it is closed (default deny).',
      );

    const request = context.switchToHttp().getRequest<RequestWithCachePolicy>();
    assertCsrfSafe(request);
    // A replica's scope check sees sessions as of its lag: routes it may answer look the session up on the primary.
    const readsLaggingCopy = policy.readsReplica === true && this.reader?.hasReplica === true;
    request.mayUseCachedPrincipal = policy.sessionCheckedInScope === true && !readsLaggingCopy;
    await super.canActivate(context);
    const principal = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if (!policy.parties.includes(principal.organisationKind)) {
      // Closed to the caller's whole party: for a route about one record, answer exactly as for an
      // unknown id, so the answer never says whether the record exists (docs/architecture.md).
      if (Object.keys(request.params ?? {}).length > 0)
        throw new AppError(CommonError.NOT_FOUND, RECORD_NOT_VISIBLE);
      throw new AppError(
        CommonError.FORBIDDEN,
        `This action is for ${policy.parties.map((party) => wordFor('organisationKind', party).toLowerCase()).join(' or ')} organisations.`,
      );
    }
    if (principal.via === 'api-key') {
      if (!policy.apiKeyScope)
        throw new AppError(
          CommonError.FORBIDDEN,
          'API keys cannot call this route; sign in as a person.',
        );
      if (!principal.apiKeyScopes?.includes(policy.apiKeyScope)) {
        throw new AppError(
          CommonError.FORBIDDEN,
          `This API key does not hold the scope "${policy.apiKeyScope}" (${API_KEY_SCOPE_DESCRIPTIONS[policy.apiKeyScope].toLowerCase()}). An administrator can create a key that does.`,
        );
      }
    }
    if (!principal.roles.some((role) => policy.roles.includes(role))) {
      throw new AppError(
        CommonError.FORBIDDEN,
        `This action needs the role of ${policy.roles.map((role) => wordFor('role', role).toLowerCase()).join(' or ')}.`,
      );
    }
    return true;
  }

  override handleRequest<TUser = Principal>(
    error: unknown,
    user: TUser | false,
    _info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (error instanceof AppError) throw error;
    if (error) {
      // The strategies answer a bad credential by failing, not throwing: anything thrown is our side
      // (the database down during the session lookup), never the caller's login. Logged with its cause.
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      this.logger.error(
        { cause: describeCause(error), requestId: request.id },
        'Could not check the caller’s credentials',
      );
      throw new AppError(
        CommonError.NOT_READY,
        'Your sign-in could not be checked just now because of a problem on our side. Try again shortly.',
        [],
        { 'retry-after': '5' },
      );
    }
    if (!user)
      throw new AppError(
        CommonError.UNAUTHENTICATED,
        'Sign in, or send a valid bearer token or API key.',
      );
    return user;
  }
}
