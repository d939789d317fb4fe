import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/data/page-header';
import { NewProgrammeForm } from '@/components/programmes/new-programme-form';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'New programme' };

export default async function NewProgrammePage() {
  const access = await requireSection('programmes');
  if (!access) return null;
  if (!can(access.user, POLICIES.programmes.manage)) notFound();
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="New programme"
        description="Name the programme, its dates, how long each participant is supported and the areas you will contract primes for. Payment models come next."
      />
      <NewProgrammeForm />
    </div>
  );
}
