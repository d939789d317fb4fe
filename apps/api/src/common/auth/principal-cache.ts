import { type Principal } from './principal';

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry is not used: the session's own expiry or the cache's time-to-live, whichever is first. */
  usableUntil: number;
}

/**
 * Callers of signed-in sessions, kept for a short while so that hot read
 * routes need no separate session lookup per request (one database round
 * trip of the four a caseload page took: docs/operations.md).
 *
 * Why this does not weaken revocation: the guard uses a cached caller only on
 * routes that declare `sessionCheckedInScope` — routes whose every read and
 * write runs in `withPartyScope`, which re-checks the session, the user's
 * organisation and roles in the same transaction (`waymark_open_scope`). A
 * session revoked by any API instance therefore reads or writes nothing once
 * its revocation has committed; the stale entry only earns a 401 (and is
 * forgotten). Every other route looks the session up as before.
 *
 * Bounded: the oldest entries go first once `maxEntries` is reached.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The cached caller of this session, if it is for this user and still usable. */
  get(sessionId: string, userId: string): Principal | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.usableUntil <= this.now() || entry.principal.userId !== userId) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.principal;
  }

  set(principal: Principal, sessionExpiresAt: Date): void {
    if (!principal.sessionId) return;
    this.entries.delete(principal.sessionId);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const usableUntil = Math.min(sessionExpiresAt.getTime(), this.now() + this.options.ttlMs);
    this.entries.set(principal.sessionId, { principal, usableUntil });
  }

  /** This instance revoked the session (sign-out, reuse), or the scope check refused it. */
  forgetSession(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  /** This instance changed the user (roles, deactivation, password): every session of theirs. */
  forgetUser(userId: string): void {
    for (const [sessionId, entry] of this.entries)
      if (entry.principal.userId === userId) this.entries.delete(sessionId);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The process's cache. A module singleton rather than a provider because the
 * party scope (a plain function, used outside Nest's container too) forgets
 * entries the database refused.
 */
export const principalCache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 20_000 });
