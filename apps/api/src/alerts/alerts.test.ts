import { AnalyticsRefreshService } from '../analytics/analytics-refresh.service';
import { anAnalyticsWorld } from '../analytics/analytics.test-world';
import { aMember } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

/** Each test builds its own programme (alerts, thresholds and scans are per programme), so tests run in any order. */
async function anAlertsWorld() {
  const world = await anAnalyticsWorld(api.db.pool);
  // The world's rows are back-dated (referred months ago), which an incremental refresh after another
  // test's scan would not reach: set-up refreshes the facts in full, so what the scan sees is this world.
  await api.app.get(AnalyticsRefreshService).refresh({ full: true });
  const tokens: Record<string, string> = {};
  for (const [name, user] of Object.entries(world.users))
    tokens[name] = (await signIn(api.baseUrl, user.email, user.password)).accessToken;
  return { world, tokens };
}

/** The world with its alerts raised by a scan, as the commissioner would. */
async function aScannedWorld() {
  const scanned = await anAlertsWorld();
  const scan = await call(api.baseUrl, 'POST', '/alerts/scan', {
    token: scanned.tokens.commissioner,
    body: { programmeId: scanned.world.programmeId },
  });
  if (scan.status !== 200) throw new Error(`scan failed: ${scan.status}`);
  return scanned;
}

describe('alerts', () => {
  it('lets the commissioner set thresholds; primes read them, others get 404', async () => {
    const { world, tokens } = await anAlertsWorld();
    const before = await call(api.baseUrl, 'GET', `/alerts/thresholds/${world.programmeId}`, {
      token: tokens.prime,
    });
    expect(before.body.thresholds).toMatchObject({ flowDownMinBp: 7500, isDefault: true });
    const body = {
      flowDownMinBp: 7500,
      parkingInactiveDays: 30,
      parkingMaxShareBp: 2000,
      latePaymentMaxShareBp: 1000,
    };
    const set = await call(api.baseUrl, 'PUT', `/alerts/thresholds/${world.programmeId}`, {
      token: tokens.commissioner,
      body,
    });
    expect(set.status).toBe(200);
    expect(set.body.thresholds).toMatchObject({ ...body, isDefault: false });
    expect(
      (
        await call(api.baseUrl, 'PUT', `/alerts/thresholds/${world.programmeId}`, {
          token: tokens.otherCommissioner,
          body,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'PUT', `/alerts/thresholds/${world.programmeId}`, {
          token: tokens.prime,
          body,
        })
      ).status,
    ).toBe(404);
    const bad = await call(api.baseUrl, 'PUT', `/alerts/thresholds/${world.programmeId}`, {
      token: tokens.commissioner,
      body: { ...body, flowDownMinBp: 12000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.flowDownMinBp');
  });

  it('raises flow-down, parking and late-payment alerts from the scan, to the prime and commissioner only', async () => {
    const { world, tokens } = await anAlertsWorld();
    const scan = await call(api.baseUrl, 'POST', '/alerts/scan', {
      token: tokens.commissioner,
      body: { programmeId: world.programmeId },
    });
    expect(scan.status).toBe(200);
    expect(scan.body.scan).toMatchObject({ programmes: 1, raised: 3, stillOpen: 0 });
    const list = await call(api.baseUrl, 'GET', `/alerts?programmeId=${world.programmeId}`, {
      token: tokens.commissioner,
    });
    const summary = list.body.alerts.map(
      (a: {
        kind: string;
        subcontractId: string | null;
        measuredBp: number;
        thresholdBp: number;
      }) => [a.kind, a.subcontractId, a.measuredBp, a.thresholdBp],
    );
    // S1 got half the referrals it was promised; S2 parks 1 of 2 open referrals and paid 1 of 2 late.
    expect(summary).toEqual(
      expect.arrayContaining([
        ['FLOW_DOWN_REFERRALS', world.subcontracts.sc1, 5000, 7500],
        ['PARKING', world.subcontracts.sc2, 5000, 2000],
        ['LATE_PAYMENT', world.subcontracts.sc2, 5000, 1000],
      ]),
    );
    expect(summary).toHaveLength(3);
    expect(
      (await call(api.baseUrl, 'GET', '/alerts', { token: tokens.prime })).body.alerts,
    ).toHaveLength(3);
    expect(
      (await call(api.baseUrl, 'GET', '/alerts', { token: tokens.otherPrime })).body.alerts,
    ).toHaveLength(0);
    expect(
      (
        await call(api.baseUrl, 'GET', `/alerts?programmeId=${world.programmeId}`, {
          token: tokens.otherCommissioner,
        })
      ).status,
    ).toBe(404);
    expect((await call(api.baseUrl, 'GET', '/alerts', { token: tokens.s1 })).status).toBe(403);

    const again = await call(api.baseUrl, 'POST', '/alerts/scan', {
      token: tokens.commissioner,
      body: { programmeId: world.programmeId },
    });
    expect(again.body.scan).toMatchObject({ raised: 0, stillOpen: 3 });
  });

  it('acknowledges an alert once, with a note, and does not raise it again while acknowledged', async () => {
    const { world, tokens } = await aScannedWorld();
    const list = await call(api.baseUrl, 'GET', `/alerts?kind=PARKING&status=RAISED`, {
      token: tokens.prime,
    });
    expect(list.body.alerts).toHaveLength(1);
    const alert = list.body.alerts[0];
    const ack = await call(api.baseUrl, 'POST', `/alerts/${alert.id}/acknowledge`, {
      token: tokens.prime,
      body: { note: 'Caseworker reassigned; weekly contact booked.' },
    });
    expect(ack.status).toBe(200);
    expect(ack.body.alert).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedByUserId: world.users.prime.id,
      acknowledgementNote: 'Caseworker reassigned; weekly contact booked.',
    });
    const twice = await call(api.baseUrl, 'POST', `/alerts/${alert.id}/acknowledge`, {
      token: tokens.commissioner,
      body: { note: 'again' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALERT_ALREADY_ACKNOWLEDGED');
    expect(
      (
        await call(api.baseUrl, 'POST', `/alerts/${alert.id}/acknowledge`, {
          token: tokens.otherPrime,
          body: { note: 'x' },
        })
      ).status,
    ).toBe(404);
    const scan = await call(api.baseUrl, 'POST', '/alerts/scan', {
      token: tokens.commissioner,
      body: { programmeId: world.programmeId },
    });
    expect(scan.body.scan).toMatchObject({ raised: 0, stillOpen: 2 });
    const audit = await api.db.pool.query(
      `SELECT action FROM audit_event WHERE entity_type = 'alert' AND entity_id = $1`,
      [alert.id],
    );
    expect(audit.rows).toEqual([{ action: 'alert.acknowledge' }]);
  });

  it('lets the platform scan every programme; a commissioner only its own', async () => {
    const { world, tokens } = await anAlertsWorld();
    const platform = await aMember(api.db.pool, { kind: 'PLATFORM', roles: ['ADMIN'] });
    const token = (await signIn(api.baseUrl, platform.user.email, platform.user.password))
      .accessToken;
    const all = await call(api.baseUrl, 'POST', '/alerts/scan', {
      token,
      body: { refresh: false },
    });
    expect(all.status).toBe(200);
    expect(all.body.scan.programmes).toBeGreaterThanOrEqual(1);
    expect(
      (
        await call(api.baseUrl, 'POST', '/alerts/scan', {
          token: tokens.otherCommissioner,
          body: { programmeId: world.programmeId },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(api.baseUrl, 'POST', '/alerts/scan', { token: tokens.prime, body: {} })).status,
    ).toBe(403);
  });
});
