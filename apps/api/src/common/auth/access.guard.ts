// The global guard. Default deny: a route is reachable only if it is marked
// @Public(reason) or declares an @Access policy; then the caller must be
// authenticated (access token or API key) and its party kind and roles must
// satisfy the policy. Record-level scoping happens in services and RLS.
import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { assertCsrfSafe } from './csrf';
import { CommonError } from '../errors/error-codes';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorator';
import { type Principal } from './principal';
import { PUBLIC_ROUTE } from './public.decorator';
import { wordFor } from '@waymark/domain';

/** The request as the guard hands it to the access-token strategy: whether the route lets the caller come from the principal cache. */
export type RequestWithCachePolicy = FastifyRequest & { mayUseCachedPrincipal?: boolean };

@Injectable()
export class AccessGuard extends AuthGuard(['access-token', 'api-key']) {
  private readonly logger = new Logger('AccessGuard');

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<string>(PUBLIC_ROUTE, targets)) return true;
    const policy = this.reflector.getAllAndOverride<AccessPolicy>(ACCESS_POLICY, targets);
    if (!policy) throw new AppError(CommonError.FORBIDDEN, 'This route declares no access policy, so it is closed (default deny).');

    const request = context.switchToHttp().getRequest<RequestWithCachePolicy>();
    assertCsrfSafe(request);
    request.mayUseCachedPrincipal = policy.sessionCheckedInScope === true;
    await super.canActivate(context);
    const principal = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if (principal.via === 'api-key' && !policy.allowApiKeys) {
      throw new AppError(CommonError.FORBIDDEN, 'API keys cannot call this route; sign in as a person.');
    }
    if (!policy.parties.includes(principal.organisationKind)) {
      throw new AppError(CommonError.FORBIDDEN, `This action is for ${policy.parties.map((party) => wordFor('organisationKind', party).toLowerCase()).join(' or ')} organisations.`);
    }
    if (!principal.roles.some((role) => policy.roles.includes(role))) {
      throw new AppError(CommonError.FORBIDDEN, `This action needs the role of ${policy.roles.map((role) => wordFor('role', role).toLowerCase()).join(' or ')}.`);
    }
    return true;
  }

  override handleRequest<TUser = Principal>(error: unknown, user: TUser | false, _info: unknown, context: ExecutionContext): TUser {
    if (error instanceof AppError) throw error;
    if (error) {
      // The strategies answer a bad credential by failing, not throwing: anything thrown is our side
      // (the database down during the session lookup), never the caller's login. Logged with its cause.
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      // The cause by its fields only: a pg error carries its whole client object, which must never reach a log.
      const cause = error instanceof Error ? { type: error.name, message: error.message, code: (error as { code?: unknown }).code } : { message: typeof error === 'string' ? error : 'a value that is not an Error was thrown' };
      this.logger.error({ cause, requestId: request.id }, 'Could not check the caller’s credentials');
      throw new AppError(CommonError.NOT_READY, 'Your sign-in could not be checked just now because of a problem on our side. Try again shortly.', [], { 'retry-after': '5' });
    }
    if (!user) throw new AppError(CommonError.UNAUTHENTICATED, 'Sign in, or send a valid bearer token or API key.');
    return user;
  }
}
