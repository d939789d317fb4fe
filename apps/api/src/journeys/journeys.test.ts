import jwt from 'jsonwebtoken';
import { addDays } from '@waymark/domain';
import { CLOCK, fixedClock, type Clock } from '../common/clock/clock';
import { aSupplyChain, anAllocatedReferral, step } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
let clock: Clock;
beforeAll(async () => {
  api = await createTestApp();
  clock = api.app.get<Clock>(CLOCK);
});
afterAll(async () => {
  await api.close();
});

// Pinned days: referrals arrive on RECEIVED (the clock stopped there), activities are logged on TODAY.
const RECEIVED = '2026-05-04';
const TODAY = '2026-06-13';
const setDay = (day: string) => Object.assign(clock, fixedClock(day));
const daysAgo = (n: number) => addDays(TODAY, -n);
beforeEach(() => setDay(RECEIVED));

/** A referral attached on RECEIVED with a housing barrier assessed, the clock then moved to TODAY. */
async function anAssessedParticipant() {
  const world = await aSupplyChain(api.baseUrl, api.db.pool);
  const referral = await anAllocatedReferral(api.baseUrl, world);
  const caseworker = world.subcontractors[0]!;
  await step(api.baseUrl, caseworker.token, referral.id, 'attach', referral.version, {
    attachedOn: RECEIVED,
  });
  await call(api.baseUrl, 'POST', `/referrals/${referral.id}/needs-assessments`, {
    token: caseworker.token,
    body: { barriers: [{ type: 'HOUSING', severity: 2 }] },
  });
  setDay(TODAY);
  return { world, referral, caseworker };
}

describe('the journey', () => {
  it('logs activities and milestones, shows a timeline and forecasts what is claimable and next', async () => {
    const { world, referral, caseworker } = await anAssessedParticipant();
    const contact = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: caseworker.token,
      body: { kind: 'CONTACT', occurredOn: daysAgo(30), notes: 'phone call' },
    });
    expect(contact.status).toBe(201);
    expect(contact.body.milestone).toBeNull();
    const job = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: caseworker.token,
      body: {
        kind: 'JOB_START',
        occurredOn: daysAgo(10),
        employer: 'Riverside Bakery',
        hoursPerWeek: 20,
        hourlyPayPence: '1221',
      },
    });
    expect(job.body.milestone).toEqual({ code: 'JOB_START', occurrence: 1 });
    const missing = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: caseworker.token,
      body: { kind: 'JOB_START', occurredOn: daysAgo(1) },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.employer',
      'body.hourlyPayPence',
      'body.hoursPerWeek',
    ]);

    const timeline = await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, {
      token: world.prime.token,
    });
    expect(timeline.status).toBe(200);
    const entries = timeline.body.entries as {
      kind: string;
      title: string;
      detail: string | null;
      by: { displayName: string; organisationName: string } | null;
    }[];
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        'STATUS_RECEIVED',
        'STATUS_ATTACHED',
        'ACTIVITY_CONTACT',
        'JOB_START',
        'NEEDS_ASSESSMENT',
      ]),
    );
    // One job start logged is one entry in words, not an activity, a milestone and a job labelled "Other".
    const jobEntries = entries.filter(
      (e) =>
        e.kind === 'JOB_START' || e.kind === 'MILESTONE_JOB_START' || e.kind === 'ACTIVITY_OTHER',
    );
    expect(jobEntries).toHaveLength(1);
    expect(jobEntries[0]).toMatchObject({ title: 'Job start' });
    expect(jobEntries[0]?.detail).toBe('Riverside Bakery, 20 h/week at £12.21/hour');
    expect(entries.every((e) => !/_/.test(e.title))).toBe(true);
    expect(entries.find((e) => e.kind === 'ACTIVITY_CONTACT')?.by?.displayName).toEqual(
      expect.any(String),
    );

    const forecast = await call(
      api.baseUrl,
      'GET',
      `/referrals/${referral.id}/forecast?horizonDays=400`,
      { token: caseworker.token },
    );
    expect({
      status: forecast.status,
      body: forecast.status === 200 ? null : forecast.body,
    }).toEqual({ status: 200, body: null });
    expect(forecast.body.paymentGroup).toBe('B');
    const attachment = forecast.body.milestones.find(
      (m: { code: string }) => m.code === 'ATTACHMENT',
    );
    expect(attachment.status).toBe('CLAIMABLE');
    expect(
      forecast.body.forecast.find((f: { code: string }) => f.code === 'ATTACHMENT'),
    ).toMatchObject({ basis: 'CLAIMABLE_NOW', amountPence: '15000' });
    expect(
      forecast.body.forecast.find((f: { code: string }) => f.code === 'JOB_OUTCOME'),
    ).toMatchObject({ basis: 'PROJECTED', amountPence: '150000' });
    expect(forecast.body.claimableNowPence).toMatch(/^\d+$/);
  });

  it('answers a forecast whose milestone falls before the contract start with a 422 naming the date, not a 500', async () => {
    const { world, referral, caseworker } = await anAssessedParticipant();
    // The contract's start moved after the participant was attached (a data correction): the attachment has no contract year.
    await api.db.pool.query(`UPDATE prime_contract SET starts_on = $2 WHERE id = $1`, [
      world.primeContractId,
      daysAgo(5),
    ]);
    const forecast = await call(
      api.baseUrl,
      'GET',
      `/referrals/${referral.id}/forecast?horizonDays=400`,
      { token: caseworker.token },
    );
    expect(forecast.status).toBe(422);
    expect(forecast.headers.get('content-type')).toContain('application/problem+json');
    expect(forecast.body).toMatchObject({
      code: 'TARIFF_DATE_BEFORE_CONTRACT_START',
      errors: [{ field: 'occurredOn', message: expect.stringContaining('4 May 2026') }],
    });
  });

  it('refuses a caseworker whose session was revoked elsewhere at once, though this instance cached the caller, and writes nothing', async () => {
    // POST /referrals/:id/activities declares sessionCheckedInScope: its party scope re-checks the session in the write's transaction.
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const caseworker = world.subcontractors[0]!;
    setDay(TODAY);
    const logContact = () =>
      call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
        token: caseworker.token,
        body: { kind: 'CONTACT', occurredOn: TODAY },
      });
    expect((await logContact()).status).toBe(201);
    const { sid } = jwt.decode(caseworker.token) as { sid: string };
    // Revoked straight in the database, as another API instance would.
    await api.db.pool.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'revoked elsewhere' WHERE id = $1`,
      [sid],
    );

    const refused = await logContact();

    expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const written = await api.db.pool.query<{ activities: number; events: number }>(
      `SELECT (SELECT count(*) FROM activity WHERE referral_id = $1)::int AS activities,
              (SELECT count(*) FROM audit_event WHERE entity_id = $1::text AND action = 'journey.log-activity')::int AS events`,
      [referral.id],
    );
    expect(written.rows).toEqual([{ activities: 1, events: 1 }]);
  });

  it('moves the referral’s last activity and last contact forward with each activity, never back for one logged late', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const caseworker = world.subcontractors[0]!;
    setDay(TODAY);
    const log = async (kind: string, occurredOn: string) =>
      expect(
        (
          await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
            token: caseworker.token,
            body: { kind, occurredOn },
          })
        ).status,
      ).toBe(201);
    const days = async () =>
      (
        await api.db.pool.query(
          'SELECT last_activity_on::text AS activity, last_contact_on::text AS contact FROM referral WHERE id = $1',
          [referral.id],
        )
      ).rows[0];

    await log('TRAINING', daysAgo(2));
    expect(await days()).toEqual({ activity: daysAgo(2), contact: null });
    await log('CONTACT', daysAgo(4));
    expect(await days()).toEqual({ activity: daysAgo(2), contact: daysAgo(4) });
    await log('CONTACT', daysAgo(1));
    await log('CONTACT', daysAgo(3));
    expect(await days()).toEqual({ activity: daysAgo(1), contact: daysAgo(1) });
  });

  it('keeps journeys to the delivering subcontractor: others 404, the prime too (a party the route is closed to), a finished referral 409', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    setDay(TODAY);
    const body = { kind: 'CONTACT', occurredOn: daysAgo(1) };
    expect(
      (
        await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
          token: world.subcontractors[1]!.token,
          body,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
          token: other.subcontractors[0]!.token,
          body,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
          token: world.prime.token,
          body,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, {
          token: other.prime.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/referrals/${referral.id}/forecast`, {
          token: other.commissioner.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, {
          token: world.partner.token,
        })
      ).status,
    ).toBe(404);
    const exited = await step(
      api.baseUrl,
      world.prime.token,
      referral.id,
      'exit',
      referral.version,
      { reason: 'moved out of area' },
    );
    expect(exited.status).toBe('EXITED');
    const late = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: world.subcontractors[0]!.token,
      body,
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('REFERRAL_NOT_IN_DELIVERY');
  });
});

describe('the dates a journey fact may carry', () => {
  it('refuses a date before the referral was received, in the future, or older than the programme’s window, naming the field, and writes nothing', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const caseworker = world.subcontractors[0]!;
    setDay(TODAY);
    const log = (occurredOn: string) =>
      call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
        token: caseworker.token,
        body: {
          kind: 'JOB_START',
          occurredOn,
          employer: 'Riverside Bakery',
          hoursPerWeek: 20,
          hourlyPayPence: '1221',
        },
      });

    const beforeReferral = await log(addDays(RECEIVED, -1));
    const future = await log(addDays(TODAY, 1));
    await api.db.pool.query(
      `UPDATE programme SET late_recording_days = 7 WHERE id = (SELECT programme_id FROM referral WHERE id = $1)`,
      [referral.id],
    );
    const tooLate = await log(daysAgo(8));

    expect(beforeReferral).toMatchObject({
      status: 422,
      body: {
        code: 'RECORDING_DATE_REFUSED',
        refusal: 'BEFORE_REFERRAL',
        errors: [
          {
            field: 'body.occurredOn',
            message: `must be on or after the referral was received (${RECEIVED})`,
          },
        ],
      },
    });
    expect(future).toMatchObject({
      status: 422,
      body: { refusal: 'IN_FUTURE', errors: [{ field: 'body.occurredOn' }] },
    });
    expect(tooLate).toMatchObject({
      status: 422,
      body: {
        refusal: 'OUTSIDE_LATE_WINDOW',
        errors: [
          {
            field: 'body.occurredOn',
            message: 'is 8 days ago; the programme allows recording up to 7 days late',
          },
        ],
      },
    });
    const written = await api.db.pool.query(
      `SELECT (SELECT count(*) FROM activity WHERE referral_id = $1)::int AS activities, (SELECT count(*) FROM job_spell WHERE referral_id = $1)::int AS jobs, (SELECT count(*) FROM journey_event WHERE referral_id = $1)::int AS events`,
      [referral.id],
    );
    expect(written.rows).toEqual([{ activities: 0, jobs: 0, events: 0 }]);
  });

  it('accepts late recording within the window, flagged late on the timeline and in the audit record', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const caseworker = world.subcontractors[0]!;
    setDay(TODAY);

    const onTime = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: caseworker.token,
      body: { kind: 'CONTACT', occurredOn: TODAY },
    });
    const late = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: caseworker.token,
      body: {
        kind: 'JOB_START',
        occurredOn: daysAgo(10),
        employer: 'Riverside Bakery',
        hoursPerWeek: 20,
        hourlyPayPence: '1221',
      },
    });

    expect(onTime.body).toMatchObject({ isLate: false, daysLate: 0 });
    expect(late).toMatchObject({
      status: 201,
      body: { isLate: true, daysLate: 10, milestone: { code: 'JOB_START', occurrence: 1 } },
    });
    const timeline = await call(api.baseUrl, 'GET', `/referrals/${referral.id}/timeline`, {
      token: world.prime.token,
    });
    const entry = (kind: string) =>
      timeline.body.entries.find((e: { kind: string }) => e.kind === kind);
    expect(entry('ACTIVITY_CONTACT')).toMatchObject({
      on: TODAY,
      recordedOn: TODAY,
      isLate: false,
    });
    // A job start is one timeline entry (its activity, milestone and job spell together), flagged late.
    expect(entry('JOB_START')).toMatchObject({ on: daysAgo(10), recordedOn: TODAY, isLate: true });
    expect(timeline.body.entries.filter((e: { on: string }) => e.on === daysAgo(10))).toHaveLength(
      1,
    );
    const audit = await api.db.pool.query(
      `SELECT data->>'isLate' AS late, data->>'daysLate' AS days FROM audit_event WHERE action = 'journey.log-activity' AND entity_id = $1 ORDER BY occurred_at`,
      [referral.id],
    );
    expect(audit.rows).toEqual([
      { late: 'false', days: '0' },
      { late: 'true', days: '10' },
    ]);
  });

  it('refuses an attachment dated before the referral (it would be priced under an earlier contract year); a late one is flagged', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const early = await anAllocatedReferral(api.baseUrl, world);
    const lateOne = await anAllocatedReferral(api.baseUrl, world);
    const caseworker = world.subcontractors[0]!;
    setDay(addDays(RECEIVED, 5));

    const refused = await call(api.baseUrl, 'POST', `/referrals/${early.id}/attach`, {
      token: caseworker.token,
      body: { attachedOn: '2026-04-30' },
      headers: { 'if-match': `"${early.version}"` },
    });
    expect(refused).toMatchObject({
      status: 422,
      body: {
        code: 'RECORDING_DATE_REFUSED',
        refusal: 'BEFORE_REFERRAL',
        errors: [{ field: 'body.attachedOn' }],
      },
    });
    expect(
      (
        await api.db.pool.query(`SELECT status, attached_on FROM referral WHERE id = $1`, [
          early.id,
        ])
      ).rows,
    ).toEqual([{ status: 'ALLOCATED', attached_on: null }]);

    await step(api.baseUrl, caseworker.token, lateOne.id, 'attach', lateOne.version, {
      attachedOn: RECEIVED,
    });
    const timeline = await call(api.baseUrl, 'GET', `/referrals/${lateOne.id}/timeline`, {
      token: world.prime.token,
    });
    expect(
      timeline.body.entries.find((e: { kind: string }) => e.kind === 'STATUS_ATTACHED'),
    ).toMatchObject({
      isLate: true,
      detail: `recorded late: attached on ${RECEIVED}, recorded on ${addDays(RECEIVED, 5)} (5 days later)`,
    });
    const audit = await api.db.pool.query(
      `SELECT data->>'reason' AS reason FROM audit_event WHERE action = 'referral.attached' AND entity_id = $1`,
      [lateOne.id],
    );
    expect(audit.rows).toEqual([
      {
        reason: `recorded late: attached on ${RECEIVED}, recorded on ${addDays(RECEIVED, 5)} (5 days later)`,
      },
    ]);
  });
});
