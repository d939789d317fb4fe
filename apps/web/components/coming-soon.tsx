import Link from 'next/link';
import { notFound } from 'next/navigation';
import { findSection, type SectionSlug } from '@/lib/navigation';
import { getSession } from '@/lib/session';

/** Placeholder for a portal section not built yet; replace the route's page when it is. */
export async function ComingSoon({ slug }: { slug: SectionSlug }) {
  const session = await getSession();
  // The portal layout has already redirected or shown the error state otherwise.
  if (session.status !== 'signed-in') return null;
  // Not part of this party's slice: as with the API, invisible means 404.
  const section = findSection(session.user, slug);
  if (!section) notFound();

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">{section.title}</h1>
        <p className="max-w-prose text-slate-700">{section.summary}</p>
      </div>
      <div className="rounded-lg border border-dashed border-navy-200 bg-navy-50 p-6">
        <p className="font-semibold text-navy-900">Coming soon</p>
        <p className="mt-1 text-slate-700">
          This part of the portal is being built and will appear here in a coming release.
        </p>
        <Link href="/" className="mt-4 inline-block text-teal-700 underline hover:text-teal-800">
          Back to home
        </Link>
      </div>
    </div>
  );
}
