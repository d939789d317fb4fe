// How the portal reaches the API: always through @waymark/api-client.
// In the browser the client points at the portal's own /api proxy (same
// origin, so the httpOnly session cookies just work); on the server see
// lib/server-api.ts, which points it at API_URL.
import {
  ApiProblemError,
  type components,
  createWaymarkClient,
  isProblemDocument,
  unwrap,
  type ProblemDocument,
  type WaymarkClient,
} from '@waymark/api-client';
import { type DataFreshness, freshnessOf } from '@/components/data/data-freshness';

export {
  ApiProblemError,
  createWaymarkClient,
  isProblemDocument,
  unwrap,
  type ProblemDocument,
  type WaymarkClient,
};

/** `unwrap`, plus how fresh the answer's figures are (the API's Waymark-Data-* headers). */
export function unwrapWithFreshness<T>(result: { data?: T; error?: unknown; response: Response }): {
  data: T;
  freshness: DataFreshness | undefined;
} {
  return { data: unwrap(result), freshness: freshnessOf(result.response) };
}

/** The path the browser uses to reach the API (app/api/[...path]/route.ts). */
export const BROWSER_API_BASE = '/api';

export function createBrowserClient(): WaymarkClient {
  return createWaymarkClient({ baseUrl: BROWSER_API_BASE });
}

// ---------------------------------------------------------------------------
// Auth — typed from the generated client.
// ---------------------------------------------------------------------------

type Schemas = components['schemas'];
export type SessionUser = Schemas['MeResponseDto']['user'];
export type Role = SessionUser['roles'][number];
export type OrganisationKind = SessionUser['organisation']['kind'];
export type SignInCredentials = Schemas['SignInBodyDto'];

/** Thrown by signIn on 429: the problem plus how long to wait (Retry-After). */
export class RateLimitedError extends ApiProblemError {
  constructor(
    problem: ProblemDocument,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(problem);
    this.name = 'RateLimitedError';
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** POST /auth/sign-in: sets the session cookies and returns the signed-in user. Throws ApiProblemError. */
export async function signIn(
  client: WaymarkClient,
  credentials: SignInCredentials,
): Promise<SessionUser> {
  const result = await client.POST('/auth/sign-in', { body: credentials });
  if (result.response.status === 429 && isProblemDocument(result.error)) {
    throw new RateLimitedError(
      result.error,
      parseRetryAfter(result.response.headers.get('retry-after')),
    );
  }
  return unwrap(result).user;
}

/** POST /auth/sign-out: revokes the session and clears its cookies. */
export async function signOut(client: WaymarkClient): Promise<void> {
  const result = await client.POST('/auth/sign-out');
  // 401: the session had already expired or been revoked — the user is signed out either way.
  if (result.response.status === 401) return;
  unwrap(result);
}

/** GET /auth/me: the user behind the forwarded cookies. Throws ApiProblemError (401 when signed out). */
export async function fetchCurrentUser(client: WaymarkClient): Promise<SessionUser> {
  return unwrap(await client.GET('/auth/me')).user;
}

/**
 * POST /auth/refresh: rotates the refresh token (the cookie) and issues a new
 * access token. Returns the raw response so a caller on the server can forward
 * its Set-Cookie headers; `ok` is false when the session has ended.
 */
export async function refreshSession(client: WaymarkClient): Promise<Response> {
  const result = await client.POST('/auth/refresh', { body: {} });
  return result.response;
}

// ---------------------------------------------------------------------------
// Administration — shapes straight from the generated schema.
// ---------------------------------------------------------------------------

export const ROLES: readonly Role[] = ['ADMIN', 'CASEWORKER', 'FINANCE', 'AUDITOR'];
export type OrganisationUser = Schemas['UserListDto']['users'][number];
export type PendingInvitation = Schemas['PendingInvitationListDto']['invitations'][number];
export type InvitationCreated = Schemas['InvitationCreatedDto'];
export type ApiKey = Schemas['ApiKeyListDto']['apiKeys'][number];
export type OnboardOrganisationBody = Schemas['OnboardOrganisationBodyDto'];

// ---------------------------------------------------------------------------
// Audit — typed from the generated client.
// ---------------------------------------------------------------------------

export type AuditChainVerification = Schemas['AuditChainVerificationResponseDto']['verification'];

/** GET /audit/verify: recomputes every link of the audit hash chain. Throws ApiProblemError. */
export async function verifyAuditTrail(client: WaymarkClient): Promise<AuditChainVerification> {
  return unwrap(await client.GET('/audit/verify')).verification;
}
