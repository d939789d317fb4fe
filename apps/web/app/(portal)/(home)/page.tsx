import type { Metadata } from 'next';
import Link from 'next/link';
import { describeOrganisationKind, describeRoles, sectionsFor } from '@/lib/navigation';
import { getSession } from '@/lib/session';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const session = await getSession();
  // The layout has already redirected or shown the error state otherwise.
  if (session.status !== 'signed-in') return null;
  const { user } = session;
  const sections = sectionsFor(user);

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm font-semibold tracking-wide text-teal-700 uppercase">
          {describeOrganisationKind(user.organisation.kind)}
        </p>
        <h1 className="text-3xl font-semibold text-navy-900">Welcome, {user.displayName}</h1>
        <p className="max-w-prose text-slate-700">
          You are signed in to <strong>{user.organisation.name}</strong> as{' '}
          {describeRoles(user.roles).toLowerCase()}. You see only your organisation&rsquo;s slice of
          each programme.
        </p>
      </div>

      <section aria-labelledby="workspace-heading" className="space-y-4">
        <h2 id="workspace-heading" className="text-xl font-semibold text-navy-900">
          Your workspace
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {sections.map((section) => (
            <li key={section.slug}>
              <Link
                href={`/${section.slug}`}
                className="group flex h-full flex-col gap-2 rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-teal-600 hover:shadow"
              >
                <span className="text-lg font-semibold text-navy-900 group-hover:underline">
                  {section.title}
                </span>
                <span className="text-sm text-slate-600">{section.summary}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
