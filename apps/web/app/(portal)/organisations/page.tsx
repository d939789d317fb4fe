import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Organisations' };

export default function OrganisationsPage() {
  return <ComingSoon slug="organisations" />;
}
