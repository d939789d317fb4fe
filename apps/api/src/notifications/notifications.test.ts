import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  aClaimAt,
  aClaimsWorld,
  type ClaimsWorld,
  moveClaim,
  type Person,
} from '../claims/claims.test-world';
import { anAllocatedReferral, aSupplyChain } from '../referrals/test-world';
import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { EmailDeliveryService } from './email-delivery.service';
import { aSignedInUser } from '../test-support/signed-in-user';

interface ReceivedMail {
  to: string[];
  text: string;
}

/** A real SMTP server on a free port that records every message it is given. */
async function aMailServer() {
  const received: ReceivedMail[] = [];
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
      stream.on('end', () => {
        // Quoted-printable soft breaks and escapes, so the assertions read the text (ASCII parts) as written.
        const text = data
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), text };
        received.push(mail);
        waiting.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next message to arrive (or one already here that nobody has waited for). */
    next: () =>
      new Promise<ReceivedMail>((resolve) =>
        received.length > waiting.length
          ? resolve(received[waiting.length]!)
          : waiting.push(resolve),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const emailOf = async (api: TestApp, person: Person) =>
  (
    await api.db.pool.query<{ email: string }>('SELECT email FROM app_user WHERE id = $1', [
      person.id,
    ])
  ).rows[0]!.email;
const inboxOf = (api: TestApp, person: Person) =>
  call(api.baseUrl, 'GET', '/notifications', { token: person.token });

describe('with a mail server (SMTP_URL set)', () => {
  let mail: Awaited<ReturnType<typeof aMailServer>>;
  let api: TestApp;
  let world: ClaimsWorld;
  let otherWorld: ClaimsWorld;
  beforeAll(async () => {
    mail = await aMailServer();
    api = await createTestApp({
      jobsEnabled: true,
      mail: { smtpUrl: mail.url, from: 'Waymark <no-reply@waymark.test>' },
    });
    world = await aClaimsWorld(api);
    otherWorld = await aClaimsWorld(api);
  });
  afterAll(async () => {
    await api.close();
    await mail.close();
  });

  it('A claim query sends one email to the right person through SMTP and one inbox item; nobody else’s', async () => {
    const claim = await aClaimAt(api, world, 'SUBMITTED');
    const subAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.subcontractor.id,
      roles: ['ADMIN'],
    });
    const queried = await moveClaim(
      api,
      world.people.primeFinance,
      claim.id,
      'PRIME_QUERIED',
      'The attachment form is unsigned',
    );
    expect(queried.status).toBe(200);

    // Delivered by the pg-boss job, through the SMTP server started above.
    const first = await mail.next();
    // Wait for the delivery run to commit (its rows are locked until then); after it, nothing is left queued.
    const outbox = (
      await api.db.pool.query<{ to_address: string; state: string; subject: string }>(
        'SELECT to_address, state, subject FROM email_outbox FOR UPDATE',
      )
    ).rows;

    const financeEmail = await emailOf(api, world.people.subFinance);
    expect(mail.received).toHaveLength(1);
    expect(first.to).toEqual([financeEmail]);
    expect(first.text).toContain('The attachment form is unsigned');
    expect(first.text).toContain(`http://localhost:3000/claims/${claim.id}`);
    expect(outbox).toEqual([
      {
        to_address: financeEmail,
        state: 'SENT',
        subject: expect.stringMatching(/^Claim queried: Attachment for participant P-/),
      },
    ]);

    const inbox = await inboxOf(api, world.people.subFinance);
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.body.notifications).toEqual([
      expect.objectContaining({
        kind: 'CLAIM_QUERIED',
        linkPath: `/claims/${claim.id}`,
        isRead: false,
        body: `${world.prime.name} queried the claim: “The attachment form is unsigned”`,
      }),
    ]);
    // Nobody else: not the prime who queried, nor the caseworker who drafted, nor the subcontractor's admin, nor another supply
    // chain's finance.
    for (const person of [
      world.people.primeFinance,
      world.people.primeFinance2,
      world.people.subCaseworker,
      subAdmin,
      world.people.commissionerFinance,
      otherWorld.people.subFinance,
    ]) {
      expect((await inboxOf(api, person)).body).toMatchObject({
        total: 0,
        unread: 0,
        notifications: [],
      });
    }

    // Row-level security: another person cannot mark it read; its reader can.
    const id = inbox.body.notifications[0].id as string;
    expect(
      (
        await call(api.baseUrl, 'POST', `/notifications/${id}/read`, {
          token: world.people.subCaseworker.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/notifications/${id}/read`, {
          token: world.people.subFinance.token,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call(api.baseUrl, 'GET', '/notifications/unread-count', {
          token: world.people.subFinance.token,
        })
      ).body,
    ).toEqual({ unread: 0 });

    // A scope that names nobody (an API key, a job) sees no inbox, even with no WHERE clause.
    const client = await api.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('CALL waymark_open_scope($1, NULL, NULL, NULL, NULL)', [
        world.subcontractor.id,
      ]);
      expect((await client.query('SELECT id FROM notification')).rows).toEqual([]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('without a mail server (plain npm start)', () => {
  let api: TestApp;
  let world: ClaimsWorld;
  beforeAll(async () => {
    api = await createTestApp({
      jobsEnabled: false,
      mail: { smtpUrl: undefined, from: 'Waymark <no-reply@waymark.test>' },
    });
    world = await aClaimsWorld(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('keeps the email in the outbox, which the platform admin reads with names, and nobody else', async () => {
    const claim = await aClaimAt(api, world, 'SUBMITTED');
    expect(
      (
        await moveClaim(
          api,
          world.people.primeFinance,
          claim.id,
          'PRIME_REJECTED',
          'Evidence does not match the milestone date',
        )
      ).status,
    ).toBe(200);
    expect(await api.app.get(EmailDeliveryService).deliverQueued()).toEqual({
      sent: 0,
      kept: 1,
      failed: 0,
    });

    const platform = await aMember(api.db.pool, { kind: 'PLATFORM', roles: ['ADMIN'] });
    const { accessToken } = await signIn(api.baseUrl, platform.user.email, TEST_PASSWORD);
    const outbox = await call(api.baseUrl, 'GET', '/notifications/outbox', { token: accessToken });
    expect(outbox.status).toBe(200);
    expect(outbox.body).toMatchObject({ total: 1, isSmtpConfigured: false });
    expect(outbox.body.emails[0]).toMatchObject({
      toAddress: await emailOf(api, world.people.subFinance),
      recipientName: 'Test User',
      recipientOrganisationName: world.subcontractor.name,
      kindLabel: 'Claim rejected',
      state: 'KEPT',
    });
    expect(outbox.body.emails[0].body).toContain('Evidence does not match the milestone date');

    const primeAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.id,
      roles: ['ADMIN'],
    });
    expect(
      (await call(api.baseUrl, 'GET', '/notifications/outbox', { token: primeAdmin.token })).status,
    ).toBe(403);
  });

  it('follows each person’s preferences: email off keeps the inbox item and writes no email', async () => {
    const put = await call(api.baseUrl, 'PUT', '/notifications/preferences', {
      token: world.people.subFinance.token,
      body: { preferences: [{ kind: 'CLAIM_QUERIED', isInApp: true, isByEmail: false }] },
    });
    expect(put.status).toBe(200);
    expect(put.body.preferences).toContainEqual(
      expect.objectContaining({
        kind: 'CLAIM_QUERIED',
        label: 'Claim queried',
        isInApp: true,
        isByEmail: false,
      }),
    );
    expect(put.body.preferences).toContainEqual(
      expect.objectContaining({ kind: 'CLAIM_APPROVED', isInApp: true, isByEmail: true }),
    );
    const emailsBefore = (
      await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM email_outbox')
    ).rows[0]!.n;

    const claim = await aClaimAt(api, world, 'SUBMITTED');
    expect(
      (
        await moveClaim(
          api,
          world.people.primeFinance,
          claim.id,
          'PRIME_QUERIED',
          'Which employer?',
        )
      ).status,
    ).toBe(200);

    expect(
      (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM email_outbox'))
        .rows[0]!.n,
    ).toBe(emailsBefore);
    const unread = await call(api.baseUrl, 'GET', '/notifications?unreadOnly=true', {
      token: world.people.subFinance.token,
    });
    expect(unread.body.notifications.map((n: { kind: string }) => n.kind)).toContain(
      'CLAIM_QUERIED',
    );
    // The other person's preferences are their own.
    expect(
      (
        await call(api.baseUrl, 'GET', '/notifications/preferences', {
          token: world.people.primeFinance.token,
        })
      ).body.preferences,
    ).toContainEqual(expect.objectContaining({ kind: 'CLAIM_QUERIED', isByEmail: true }));
  });

  it('tells the subcontractor’s caseworkers of a referral allocated to it, and not the other subcontractor’s', async () => {
    const chain = await aSupplyChain(api.baseUrl, api.db.pool);
    const allocated = await anAllocatedReferral(api.baseUrl, chain, { subcontractIndex: 0 });
    const [chosen, other] = chain.subcontractors;
    const inbox = await inboxOf(api, chosen!);
    expect(inbox.body.notifications).toEqual([
      expect.objectContaining({
        kind: 'REFERRAL_ALLOCATED',
        title: `New referral: participant ${allocated.participantReference}`,
        linkPath: `/referrals/${allocated.id}`,
      }),
    ]);
    expect((await inboxOf(api, other!)).body.total).toBe(0);
  });

  it('refuses a preference for an unknown kind as a problem naming the field', async () => {
    const bad = await call(api.baseUrl, 'PUT', '/notifications/preferences', {
      token: world.people.subFinance.token,
      body: { preferences: [{ kind: 'EVERYTHING', isInApp: true, isByEmail: true }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.preferences.0.kind');
  });
});
