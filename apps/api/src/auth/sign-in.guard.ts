import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { fieldErrorsFrom } from '../common/errors/problem.filter';
import { SignInBody } from './auth.dto';

/**
 * Passport's local strategy behind body validation: guards run before pipes,
 * so the body is checked here to answer 400 with field errors, not 401.
 */
@Injectable()
export class SignInGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const parsed = SignInBody.safeParse(request.body);
    if (!parsed.success) {
      const errors = fieldErrorsFrom(parsed.error, 'body');
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        `${errors[0]?.field}: ${errors[0]?.message}`,
        errors,
      );
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, session: T | false): T {
    // Errors from the local strategy are our own AppErrors (invalid credentials, throttled).
    if (error instanceof Error) throw error;
    if (error || !session)
      throw new AppError(CommonError.UNAUTHENTICATED, 'Send an email and password.');
    return session;
  }
}
