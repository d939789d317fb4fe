import type { ReactNode } from 'react';
import { requireSection } from '@/lib/session';

export default async function SectionLayout({ children }: { children: ReactNode }) {
  await requireSection('notifications');
  return children;
}
