import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Audit' };

export default function AuditPage() {
  return <ComingSoon slug="audit" />;
}
