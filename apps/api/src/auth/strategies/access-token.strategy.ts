import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { type Principal } from '../../common/auth/principal';
import { APP_CONFIG } from '../../common/config/config.module';
import { type AppConfig } from '../../common/config/env';
import { AuthService } from '../auth.service';
import { ACCESS_COOKIE, API_KEY_PREFIX, type AccessTokenClaims } from '../tokens';

function fromAccessCookie(request: FastifyRequest): string | null {
  return request.cookies?.[ACCESS_COOKIE] ?? null;
}

function fromBearerUnlessApiKey(request: FastifyRequest): string | null {
  const token = ExtractJwt.fromAuthHeaderAsBearerToken()(request);
  return token && !token.startsWith(API_KEY_PREFIX) ? token : null;
}

/** Access tokens: the portal's httpOnly cookie, or `Authorization: Bearer <jwt>` for API clients. */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, 'access-token') {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([fromBearerUnlessApiKey, fromAccessCookie]),
      secretOrKey: config.authSecret,
      algorithms: ['HS256'],
      issuer: 'waymark',
      audience: 'waymark-api',
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    return (await this.auth.principalForAccessToken(claims)) ?? false;
  }
}
