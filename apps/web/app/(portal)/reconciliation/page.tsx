import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Reconciliation' };

export default function ReconciliationPage() {
  return <ComingSoon slug="reconciliation" />;
}
