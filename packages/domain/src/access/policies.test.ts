import { API_KEY_SCOPES, canHoldScope, scopesAvailableTo } from './api-key-scopes.js';
import { isAllowed, listPolicies, POLICIES } from './policies.js';

describe('the access policy table', () => {
  it('gives every capability at least one party and one role', () => {
    const empty = listPolicies().filter(
      ({ rule }) => rule.parties.length === 0 || rule.roles.length === 0,
    );
    expect(empty.map(({ name }) => name)).toEqual([]);
  });

  it('opens every API-key scope on at least one capability, so no scope is a key for nothing', () => {
    const opened = new Set(
      listPolicies().flatMap(({ rule }) => (rule.apiKeyScope ? [rule.apiKeyScope] : [])),
    );
    expect([...opened].sort()).toEqual([...API_KEY_SCOPES].sort());
  });

  it('lets a charity’s finance officer draft claims but not an auditor, and no commissioner', () => {
    expect(
      isAllowed(POLICIES.claims.draft, { organisationKind: 'SUBCONTRACTOR', roles: ['FINANCE'] }),
    ).toBe(true);
    expect(
      isAllowed(POLICIES.claims.draft, { organisationKind: 'SUBCONTRACTOR', roles: ['AUDITOR'] }),
    ).toBe(false);
    expect(
      isAllowed(POLICIES.claims.draft, { organisationKind: 'COMMISSIONER', roles: ['FINANCE'] }),
    ).toBe(false);
  });
});

describe('API-key scopes', () => {
  it('offers a scope only where the party and the key’s roles could use it', () => {
    expect(
      scopesAvailableTo({ organisationKind: 'REFERRAL_PARTNER', roles: ['CASEWORKER'] }),
    ).toEqual(['referrals:write', 'referrals:read']);
    expect(
      canHoldScope('payments:read', { organisationKind: 'SUBCONTRACTOR', roles: ['FINANCE'] }),
    ).toBe(true);
    expect(
      canHoldScope('payments:read', { organisationKind: 'SUBCONTRACTOR', roles: ['CASEWORKER'] }),
    ).toBe(false);
    expect(
      canHoldScope('activities:write', { organisationKind: 'PRIME', roles: ['CASEWORKER'] }),
    ).toBe(false);
  });
});
