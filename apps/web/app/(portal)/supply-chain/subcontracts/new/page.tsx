import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { InviteSubcontractor } from '@/components/supply-chain/invite-subcontractor';
import { NewSubcontractForm } from '@/components/supply-chain/new-subcontract-form';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';
import { can, POLICIES } from '@/lib/access';

export const metadata: Metadata = { title: 'New subcontract' };
export const dynamic = 'force-dynamic';

export default async function NewSubcontractPage({
  searchParams,
}: {
  searchParams: Promise<{ primeContractId?: string }>;
}) {
  const access = await requireSection('supply-chain');
  if (!access) return null;
  // Only a prime's admins draft subcontracts (the API answers the same).
  if (!can(access.user, POLICIES.subcontracts.manage)) notFound();
  const { primeContractId } = await searchParams;
  let options;
  try {
    const client = await createServerClient();
    const [chain, subcontractors] = await Promise.all([
      client.GET('/supply-chain').then(unwrap),
      client.GET('/subcontracts/subcontractors').then(unwrap),
    ]);
    options = {
      primeContracts: chain.primeContracts
        .filter((contract) => contract.prime.id === access.user.organisation.id)
        .map((contract) => ({
          value: contract.id,
          label: `${contract.programme.name} — ${contract.reference}`,
        })),
      subcontractors: subcontractors.subcontractors.map((s) => ({ value: s.id, label: s.name })),
    };
  } catch (error) {
    return (
      <ErrorState title="The form could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="New subcontract"
        description="Save a draft, check it, then offer it: the subcontractor sees the terms only once offered, and they are in force only once its admin accepts."
        actions={
          <Link href="/supply-chain" className="text-teal-800 underline underline-offset-4">
            Back to the supply chain
          </Link>
        }
      />
      {options.primeContracts.length === 0 ? (
        <p className="text-slate-700">Your organisation holds no prime contract yet.</p>
      ) : (
        <>
          <InviteSubcontractor />
          <NewSubcontractForm
            primeContracts={options.primeContracts}
            subcontractors={options.subcontractors}
            defaultPrimeContractId={primeContractId}
          />
        </>
      )}
    </div>
  );
}
