import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Referrals' };

export default function ReferralsPage() {
  return <ComingSoon slug="referrals" />;
}
