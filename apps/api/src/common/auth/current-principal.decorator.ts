import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Principal } from './principal';

/** The authenticated caller; only on routes guarded by an access policy. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (!request.user) throw new Error('CurrentPrincipal used on a route without authentication');
    return request.user;
  },
);
