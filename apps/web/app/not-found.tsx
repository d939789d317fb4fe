import type { Metadata } from 'next';
import { NotFoundContent } from '@/components/not-found-content';
import { PublicShell } from '@/components/public-shell';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <PublicShell>
      <NotFoundContent />
    </PublicShell>
  );
}
