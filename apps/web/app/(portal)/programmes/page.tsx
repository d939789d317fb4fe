import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Programmes' };

export default function ProgrammesPage() {
  return <ComingSoon slug="programmes" />;
}
