import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/change-password-form';
import { NotificationPreferencesForm } from '@/components/notifications/notification-preferences-form';
import { unwrap } from '@/lib/api';
import { createServerClient } from '@/lib/server-api';
import { describeOrganisationKind, describeRoles } from '@/lib/navigation';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Your account' };
export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const access = await requireSection('account');
  if (!access) return null;
  const { user } = access;
  // Best effort: the password form works even if the settings cannot be read.
  const preferences = await (
    await createServerClient()
  )
    .GET('/notifications/preferences')
    .then(unwrap)
    .then((body) => body.preferences)
    .catch(() => null);

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">Your account</h1>
        <p className="max-w-prose text-slate-700">
          Your details come from your organisation&rsquo;s admin; ask them to change your name,
          email or roles.
        </p>
      </div>
      <section aria-labelledby="details-heading" className="space-y-4">
        <h2 id="details-heading" className="text-2xl font-semibold text-navy-900">
          Details
        </h2>
        <dl className="grid max-w-2xl gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-semibold text-navy-900">Name</dt>
          <dd className="text-slate-700">{user.displayName}</dd>
          <dt className="font-semibold text-navy-900">Email</dt>
          <dd className="break-all text-slate-700">{user.email}</dd>
          <dt className="font-semibold text-navy-900">Organisation</dt>
          <dd className="text-slate-700">
            {user.organisation.name} ({describeOrganisationKind(user.organisation.kind)})
          </dd>
          <dt className="font-semibold text-navy-900">Roles</dt>
          <dd className="text-slate-700">{describeRoles(user.roles)}</dd>
        </dl>
      </section>
      {preferences ? (
        <NotificationPreferencesForm preferences={preferences} />
      ) : (
        <p role="status" className="text-slate-700">
          Your notification settings could not be loaded just now; reload the page to try again.
        </p>
      )}
      <ChangePasswordForm />
    </div>
  );
}
