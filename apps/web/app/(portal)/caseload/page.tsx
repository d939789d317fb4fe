import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Caseload' };

export default function CaseloadPage() {
  return <ComingSoon slug="caseload" />;
}
