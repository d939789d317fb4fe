import type { Metadata } from 'next';
import { PageHeader } from '@/components/data/page-header';
import { SearchResults } from '@/components/search/search-results';
import { sectionsFor } from '@/lib/navigation';
import { getSession, redirectSignedOut } from '@/lib/session';

export const metadata: Metadata = { title: 'Search' };
export const dynamic = 'force-dynamic';

export default async function SearchPage() {
  const session = await getSession();
  if (session.status === 'signed-out') return redirectSignedOut();
  // The portal layout shows the unavailable state instead of the page.
  if (session.status === 'unavailable') return null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Search"
        description="Participants by reference or National Insurance number, referrals by your partner’s reference, claims, payments by bank reference, and organisations by name — only what your organisation can see."
      />
      <SearchResults sections={sectionsFor(session.user).map((section) => section.slug)} />
    </div>
  );
}
