import type { Metadata } from 'next';
import { dashboardFor } from '@/components/dashboard/dashboards';
import { IntentPrefetchLink } from '@/components/intent-prefetch-link';
import { describeOrganisationKind, describeRoles, sectionsFor } from '@/lib/navigation';
import { getSession } from '@/lib/session';

export const metadata: Metadata = { title: 'Home' };
export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const session = await getSession();
  // The layout has already redirected or shown the error state otherwise.
  if (session.status !== 'signed-in') return null;
  const { user } = session;
  const sections = sectionsFor(user);

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm font-semibold tracking-wide text-teal-800 uppercase">
          {describeOrganisationKind(user.organisation.kind)}
        </p>
        <h1 className="text-3xl font-semibold text-navy-900">Welcome, {user.displayName}</h1>
        <p className="max-w-prose text-slate-700">
          You are signed in to <strong>{user.organisation.name}</strong> as{' '}
          {describeRoles(user.roles).toLowerCase()}. You see only your organisation&rsquo;s slice of
          each programme.
        </p>
      </div>

      {dashboardFor(user)}

      <nav aria-labelledby="workspace-heading" className="space-y-3">
        <h2 id="workspace-heading" className="text-xl font-semibold text-navy-900">
          Your workspace
        </h2>
        <ul className="flex flex-wrap gap-2">
          {sections.map((section) => (
            <li key={section.slug}>
              <IntentPrefetchLink
                href={`/${section.slug}`}
                title={section.summary}
                className="inline-block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-navy-900 hover:border-teal-700 hover:underline"
              >
                {section.title}
              </IntentPrefetchLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
