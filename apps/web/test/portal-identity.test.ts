// Identity in the portal, end to end in Chromium against the built API and
// portal: an organisation admin invites a caseworker, the caseworker accepts
// and signs in, the admin manages API keys and deactivates the caseworker.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoSeriousViolations } from './support/axe';
import { anOrganisationWithAdmin, type SeededUser } from './support/seed';
import { screenshotDir, startStack, type Stack } from './support/stack';
import { submitSignIn } from './support/sign-in';
import { step } from './support/step';

jest.setTimeout(180_000);

let stack: Stack;
let admin: SeededUser;
let adminPage: Page;
let caseworkerPage: Page;
let inviteLink = '';

const caseworker = {
  email: `sam.okafor.${Date.now()}@example.org`,
  displayName: 'Sam Okafor',
  password: 'copper kettle morning walk',
};

beforeAll(async () => {
  stack = await startStack();
  admin = await anOrganisationWithAdmin(stack.database);
});

afterAll(async () => {
  await stack?.stop();
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
}

function isFocusInside(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((inside) => document.activeElement?.closest(inside) !== null, selector);
}

it('portal identity', async () => {
  await step('signs an organisation admin in and lists their users', async () => {
    adminPage = await stack.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    // Signing in honours ?next= for a path on this origin.
    await adminPage.goto(`${stack.portalUrl}/users`);
    expect(new URL(adminPage.url()).pathname).toBe('/sign-in');
    expect(new URL(adminPage.url()).searchParams.get('next')).toBe('/users');
    await submitSignIn(adminPage, admin.email, { password: admin.password });
    expect(new URL(adminPage.url()).pathname).toBe('/users');

    await adminPage.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const header = adminPage.getByRole('banner');
    await expect(header.textContent()).resolves.toContain(admin.organisationName);
    await expect(header.textContent()).resolves.toContain('Prime provider');
    await expect(header.textContent()).resolves.toContain('Admin');
    const nav = adminPage.getByRole('navigation', { name: 'Portal' });
    for (const link of ['Users', 'API keys', 'Your account']) {
      await nav.getByRole('link', { name: link }).waitFor();
    }
    const row = adminPage.getByRole('row', { name: new RegExp(admin.displayName) });
    await expect(row.textContent()).resolves.toContain(admin.email);
    await expect(row.textContent()).resolves.toContain('Active');
    await expectNoSeriousViolations(adminPage);
    await screenshot(adminPage, 'users.png');
  });

  await step('invites a caseworker and shows the one-time link with a copy button', async () => {
    const form = adminPage.getByRole('region', { name: 'Invite someone' });
    // Nothing filled: the summary names each field.
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const summary = form.getByRole('alert', { name: 'There is a problem' });
    await summary.getByRole('link', { name: 'Choose at least one role' }).waitFor();

    await form.getByLabel('Email address').fill(caseworker.email);
    await form.getByLabel('Full name').fill(caseworker.displayName);
    await form.getByRole('checkbox', { name: 'Caseworker' }).check();
    await form.getByRole('button', { name: 'Create invitation link' }).click();

    const secret = adminPage.getByRole('region', { name: 'Invitation link' });
    await secret.waitFor();
    await expect(secret.textContent()).resolves.toContain('shown only once');
    await expect(secret.textContent()).resolves.toContain('expires in 7 days');
    inviteLink = await secret.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${stack.portalUrl}/accept-invitation\\?token=`));

    await secret.getByRole('button', { name: 'Copy' }).click();
    await secret.getByText('Copied to the clipboard.').waitFor();
    await expect(adminPage.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      inviteLink,
    );
    // The toast announces the result in the live region.
    await adminPage
      .getByRole('status')
      .getByText(`Invitation created for ${caseworker.email}.`)
      .waitFor();
    // And the invitation is pending until accepted.
    const pending = adminPage.getByRole('region', { name: 'Pending invitations' });
    await pending.getByRole('row', { name: new RegExp(caseworker.displayName) }).waitFor();
    await expectNoSeriousViolations(adminPage);
    await screenshot(adminPage, 'invite-link.png');
  });

  await step(
    'lets the invitee choose a password: a weak one is refused beside the field',
    async () => {
      caseworkerPage = await stack.newPage();
      await caseworkerPage.goto(inviteLink);
      await caseworkerPage
        .getByRole('heading', { level: 1, name: 'Accept your invitation' })
        .waitFor();
      await expectNoSeriousViolations(caseworkerPage);

      const password = caseworkerPage.getByLabel('Password', { exact: true });
      await password.fill('too-short');
      await caseworkerPage.getByRole('button', { name: 'Create my account' }).click();
      const summary = caseworkerPage.getByRole('alert', { name: 'There is a problem' });
      await summary
        .getByRole('link', { name: 'Password must be at least 12 characters' })
        .waitFor();
      await expect(password.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(caseworkerPage.locator('#password-error').textContent()).resolves.toContain(
        'must be at least 12 characters',
      );
      await expectNoSeriousViolations(caseworkerPage);
      await screenshot(caseworkerPage, 'accept-invitation.png');

      await password.fill(caseworker.password);
      await caseworkerPage.getByRole('button', { name: 'Create my account' }).click();
      await caseworkerPage.waitForURL((url) => url.pathname === '/sign-in');
      await caseworkerPage.getByText('Your account is ready.').waitFor();

      // The link worked once: opening it again says so.
      const again = await stack.newPage();
      await again.goto(inviteLink);
      await again.getByLabel('Password', { exact: true }).fill('another long passphrase');
      await again.getByRole('button', { name: 'Create my account' }).click();
      await again.getByRole('heading', { name: 'This link has expired or was used' }).waitFor();
      await expectNoSeriousViolations(again);
    },
  );

  await step(
    'signs the caseworker in with a header naming their organisation and role',
    async () => {
      await submitSignIn(caseworkerPage, caseworker.email, { password: caseworker.password });
      expect(new URL(caseworkerPage.url()).pathname).toBe('/');
      const header = caseworkerPage.getByRole('banner');
      await expect(header.getByTestId('header-user').textContent()).resolves.toBe(
        caseworker.displayName,
      );
      await expect(header.getByTestId('header-organisation').textContent()).resolves.toContain(
        admin.organisationName,
      );
      await expect(header.getByTestId('header-roles').textContent()).resolves.toBe('Caseworker');
      // Administration is not in a caseworker's nav…
      const nav = caseworkerPage.getByRole('navigation', { name: 'Portal' });
      await expect(nav.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
      await expectNoSeriousViolations(caseworkerPage);
    },
  );

  await step('answers a caseworker opening /users with the 404 page', async () => {
    const response = await caseworkerPage.goto(`${stack.portalUrl}/users`);
    expect(response?.status()).toBe(404);
    await caseworkerPage.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectNoSeriousViolations(caseworkerPage);
  });

  await step('creates an API key, shows it once, and revokes it', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'API keys' })
      .click();
    await adminPage.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await adminPage.getByText('No API keys yet.').waitFor();
    const form = adminPage.getByRole('region', { name: 'Create a key' });
    // Keys never act as admins: the role is not offered.
    await expect(form.getByRole('checkbox', { name: 'Admin' }).count()).resolves.toBe(0);
    await form.getByLabel('Name').fill('CRM nightly sync');
    await form.getByRole('checkbox', { name: 'Finance' }).check();
    // Scopes in words, and only those a prime could use: recording activities is the subcontractor's.
    await expect(form.getByRole('checkbox', { name: /Record activities/ }).count()).resolves.toBe(
      0,
    );
    await form.getByRole('checkbox', { name: 'Read claims' }).check();
    await form.getByRole('button', { name: 'Create API key' }).click();

    const secret = adminPage.getByRole('region', { name: 'New API key' });
    await secret.waitFor();
    const key = await secret.getByRole('textbox', { name: 'New API key' }).inputValue();
    expect(key.length).toBeGreaterThan(20);
    await expect(secret.textContent()).resolves.toContain('shown only once');
    const row = adminPage.getByRole('row', { name: /CRM nightly sync/ });
    await expect(row.textContent()).resolves.toContain('Finance');
    await expect(row.textContent()).resolves.toContain('Read claims');
    await expect(row.textContent()).resolves.toContain('Never');
    await expectNoSeriousViolations(adminPage);
    await screenshot(adminPage, 'api-keys.png');

    // Once dismissed, the key is gone from the page for good.
    await secret.getByRole('button', { name: 'I have stored the key' }).click();
    await expect(adminPage.content()).resolves.not.toContain(key);

    await row.getByRole('button', { name: 'Revoke CRM nightly sync' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'Revoke this API key?' });
    await dialog.waitFor();
    await expectNoSeriousViolations(adminPage);
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText(/^Revoked/).waitFor();
    await adminPage.getByRole('status').getByText('API key “CRM nightly sync” revoked').waitFor();

    // The API agrees: the key no longer authenticates.
    const refused = await fetch(`${stack.apiUrl}/auth/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(401);
  });

  await step(
    'deactivates the caseworker with a reason in an accessible dialog, ending their session',
    async () => {
      await adminPage
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link', { name: 'Users' })
        .click();
      const row = adminPage.getByRole('row', { name: new RegExp(caseworker.displayName) });
      await row.getByRole('button', { name: `Deactivate ${caseworker.displayName}` }).click();

      const dialog = adminPage.getByRole('dialog', {
        name: `Deactivate ${caseworker.displayName}`,
      });
      await dialog.waitFor();
      // Focus starts in the dialog and stays there; Escape closes it and returns focus.
      await expect(isFocusInside(adminPage, 'dialog[open]')).resolves.toBe(true);
      await adminPage.keyboard.press('Tab');
      await adminPage.keyboard.press('Tab');
      await expect(isFocusInside(adminPage, 'dialog[open]')).resolves.toBe(true);
      await expectNoSeriousViolations(adminPage);
      await adminPage.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await expect(
        adminPage.evaluate(() => document.activeElement?.textContent ?? ''),
      ).resolves.toContain('Deactivate');

      await row.getByRole('button', { name: `Deactivate ${caseworker.displayName}` }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
      await dialog.getByRole('link', { name: /Give a reason/ }).waitFor();
      await dialog.getByLabel('Reason').fill('Left the organisation on 31 March');
      await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('Deactivated').waitFor();

      // The caseworker's next navigation finds the session gone and lands on sign-in.
      await caseworkerPage.goto(`${stack.portalUrl}/caseload`);
      const landed = new URL(caseworkerPage.url());
      expect(landed.pathname).toBe('/sign-in');
      expect(landed.searchParams.get('next')).toBe('/caseload');
      await caseworkerPage.getByText('Your session has ended.').waitFor();
    },
  );

  await step('refuses to deactivate the last admin, inline in the dialog', async () => {
    const row = adminPage.getByRole('row', { name: new RegExp(admin.displayName) });
    await row.getByRole('button', { name: `Deactivate ${admin.displayName}` }).click();
    const dialog = adminPage.getByRole('dialog', { name: `Deactivate ${admin.displayName}` });
    await dialog.getByLabel('Reason').fill('Testing the safety net');
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await dialog.getByRole('alert', { name: 'There is a problem' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  await step('changes the admin’s password on the account page', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Your account' })
      .click();
    await adminPage.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await adminPage.getByLabel('Current password').fill('not my password at all');
    await adminPage.getByLabel('New password').fill('a brand new passphrase');
    await adminPage.getByRole('button', { name: 'Change password' }).click();
    await adminPage
      .getByRole('alert', { name: 'There is a problem' })
      .getByRole('link', { name: 'Current password is not right' })
      .waitFor();
    await expectNoSeriousViolations(adminPage);
    await screenshot(adminPage, 'account.png');

    await adminPage.getByLabel('Current password').fill(admin.password);
    await adminPage.getByRole('button', { name: 'Change password' }).click();
    await adminPage.getByText('every other device and browser').waitFor();
    // This tab stays signed in.
    await adminPage.reload();
    await adminPage.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  });
});
