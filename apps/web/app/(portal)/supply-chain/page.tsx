import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Supply chain' };

export default function SupplyChainPage() {
  return <ComingSoon slug="supply-chain" />;
}
