import type { ReactNode } from 'react';
import { requireSection } from '@/lib/session';

// The access check sits above loading.tsx's Suspense boundary, so a party
// without this section gets a real 404 status before anything is streamed.
export default async function SectionLayout({ children }: { children: ReactNode }) {
  await requireSection('caseload');
  return children;
}
