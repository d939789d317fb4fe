import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { type RequestWithCachePolicy } from '../../common/auth/access.guard';
import { type Principal } from '../../common/auth/principal';
import { APP_CONFIG } from '../../common/config/config.module';
import { type AppConfig } from '../../common/config/env';
import { AuthService } from '../auth.service';
import { ACCESS_COOKIE } from '../../common/auth/cookies';
import { API_KEY_PREFIX, type AccessTokenClaims } from '../tokens';

function fromAccessCookie(request: FastifyRequest): string | null {
  return request.cookies?.[ACCESS_COOKIE] ?? null;
}

function fromBearerUnlessApiKey(request: FastifyRequest): string | null {
  const token = ExtractJwt.fromAuthHeaderAsBearerToken()(request);
  return token && !token.startsWith(API_KEY_PREFIX) ? token : null;
}

/**
 * The HMAC key as a KeyObject, made once. Given a string, jsonwebtoken first
 * tries (and fails) to parse it as a PEM public key on every verification —
 * about 13 % of the API's CPU under load (bench/results/load-2003000.md).
 * Same bytes as before (UTF-8 of AUTH_SECRET), so issued tokens stay valid.
 */
function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** passport-jwt's types say string | Buffer; it hands the key to jsonwebtoken, which takes a KeyObject. */
function keyProvider(key: KeyObject) {
  return (_request: unknown, _token: unknown, done: (error: null, key: string) => void) =>
    done(null, key as unknown as string);
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
      // passport-jwt's types say string | Buffer; it hands the value to jsonwebtoken, which takes a KeyObject.
      secretOrKeyProvider: keyProvider(hmacKey(config.authSecret)),
      algorithms: ['HS256'],
      issuer: 'waymark',
      audience: 'waymark-api',
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  /** `mayUseCachedPrincipal` is set by the AccessGuard from the route's policy (`sessionCheckedInScope`). */
  async validate(
    request: RequestWithCachePolicy,
    claims: AccessTokenClaims,
  ): Promise<Principal | false> {
    return (
      (await this.auth.principalForAccessToken(claims, {
        mayUseCache: request.mayUseCachedPrincipal === true,
      })) ?? false
    );
  }
}
