import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Prime contracts' };

export default function PrimeContractsPage() {
  return <ComingSoon slug="prime-contracts" />;
}
