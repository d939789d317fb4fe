import type { Metadata } from 'next';
import { NotFoundContent } from '@/components/not-found-content';

// Inside the portal layout: the signed-in header and nav stay in place.
export const metadata: Metadata = { title: 'Page not found' };

export default function PortalNotFound() {
  return <NotFoundContent />;
}
