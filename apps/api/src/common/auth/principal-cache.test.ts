import { randomUUID } from 'node:crypto';
import { PrincipalCache } from './principal-cache';
import { type Principal } from './principal';

const aPrincipal = (userId = randomUUID()): Principal => ({
  via: 'session',
  userId,
  sessionId: randomUUID(),
  apiKeyId: null,
  organisationId: randomUUID(),
  organisationKind: 'PRIME',
  roles: ['CASEWORKER'],
});

describe('principal cache', () => {
  let clock = 0;
  const cache = () => new PrincipalCache({ ttlMs: 1_000, maxEntries: 3, now: () => clock });
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('answers for the session and user it was given, until its time-to-live or the session’s own expiry', () => {
    const subject = cache();
    const long = aPrincipal();
    const short = aPrincipal();
    subject.set(long, new Date(clock + 60_000));
    subject.set(short, new Date(clock + 500));
    expect(subject.get(long.sessionId!, long.userId!)).toBe(long);
    expect(subject.get(long.sessionId!, randomUUID())).toBeUndefined();
    clock += 500;
    expect(subject.get(short.sessionId!, short.userId!)).toBeUndefined();
    clock += 500;
    expect(subject.get(long.sessionId!, long.userId!)).toBeUndefined();
    expect(subject.size).toBe(0);
  });

  it('forgets a session, or every session of a user', () => {
    const subject = cache();
    const userId = randomUUID();
    const [a, b, other] = [aPrincipal(userId), aPrincipal(userId), aPrincipal()];
    for (const principal of [a, b, other]) subject.set(principal, new Date(clock + 60_000));
    subject.forgetSession(other.sessionId!);
    expect(subject.get(other.sessionId!, other.userId!)).toBeUndefined();
    subject.forgetUser(userId);
    expect(subject.get(a.sessionId!, userId)).toBeUndefined();
    expect(subject.get(b.sessionId!, userId)).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest, and caches nothing without a session', () => {
    const subject = cache();
    const principals = [aPrincipal(), aPrincipal(), aPrincipal(), aPrincipal()];
    for (const principal of principals) subject.set(principal, new Date(clock + 60_000));
    expect(subject.size).toBe(3);
    expect(subject.get(principals[0]!.sessionId!, principals[0]!.userId!)).toBeUndefined();
    expect(subject.get(principals[3]!.sessionId!, principals[3]!.userId!)).toBe(principals[3]);
    subject.set({ ...aPrincipal(), via: 'api-key', sessionId: null }, new Date(clock + 60_000));
    expect(subject.size).toBe(3);
  });
});
