import type { Metadata } from 'next';
import { RecordTrail } from '@/components/audit/record-trail';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Claim audit trail' };
export const dynamic = 'force-dynamic';

export default async function ClaimAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('claims');
  if (!access) return null;
  const { id } = await params;
  const { page } = pickParams(await searchParams, ['page']);
  return (
    <RecordTrail
      entityType="claim"
      entityId={id}
      page={page}
      back={{ href: `/claims/${id}`, label: 'The claim' }}
    />
  );
}
