import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { AuthService, type IssuedSession } from '../auth.service';

/** Email + password → a new session. Body shape is validated by SignInBodyDto before this runs. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: FastifyRequest, email: string, password: string): Promise<IssuedSession> {
    return this.auth.signIn({
      email,
      password,
      ipAddress: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
  }
}
