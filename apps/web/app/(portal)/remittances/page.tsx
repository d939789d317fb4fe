import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Remittances' };

export default function RemittancesPage() {
  return <ComingSoon slug="remittances" />;
}
