import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Payments' };

export default function PaymentsPage() {
  return <ComingSoon slug="payments" />;
}
