import { type FastifyReply } from 'fastify';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../common/auth/cookies';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from './tokens';

/**
 * httpOnly so scripts cannot read them; SameSite so other sites cannot ride
 * on them; Secure except where explicitly disabled for plain-http local use.
 */
export function setSessionCookies(
  reply: FastifyReply,
  tokens: { accessToken: string; refreshToken: string },
  secure: boolean,
): void {
  const base = { httpOnly: true, secure, path: '/' } as const;
  void reply.setCookie(ACCESS_COOKIE, tokens.accessToken, {
    ...base,
    sameSite: 'lax',
    maxAge: ACCESS_TOKEN_TTL_SECONDS,
  });
  void reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
    ...base,
    sameSite: 'strict',
    maxAge: REFRESH_TOKEN_TTL_SECONDS,
  });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  for (const name of [ACCESS_COOKIE, REFRESH_COOKIE])
    void reply.clearCookie(name, { path: '/', httpOnly: true, secure });
}
