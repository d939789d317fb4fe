import type { Metadata } from 'next';
import { ServiceUnavailable } from '@/components/service-unavailable';
import { safeNextPath } from '@/lib/next-path';

export const metadata: Metadata = { title: 'Service unavailable' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Where /session/refresh sends the browser when the API cannot renew the session because Waymark is
// down (not because the session ended): the cookies stay, and "Try again" goes back to the page.
export default async function UnavailablePage({ searchParams }: { searchParams: SearchParams }) {
  const next = (await searchParams).next;
  return <ServiceUnavailable retryHref={safeNextPath(Array.isArray(next) ? next[0] : next)} />;
}
