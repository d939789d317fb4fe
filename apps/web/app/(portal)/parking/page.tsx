import type { Metadata } from 'next';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Parking indicators' };

export default function ParkingPage() {
  return <ComingSoon slug="parking" />;
}
