import { createHash, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 60 * 60;
export const API_KEY_PREFIX = 'wmk_';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  org: string;
}

export function signAccessToken(claims: AccessTokenClaims, secret: string): string {
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    issuer: 'waymark',
    audience: 'waymark-api',
  });
}

/** An opaque, high-entropy secret (refresh token, invitation, API key): only its SHA-256 is stored. */
export function newOpaqueToken(prefix = ''): { token: string; hash: Buffer } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
