import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Bulk upload' };

export default function BulkReferralsPage() {
  return <ComingSoon slug="bulk-referrals" />;
}
