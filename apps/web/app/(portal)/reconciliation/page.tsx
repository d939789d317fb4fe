import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/data/page-header';
import { ErrorState } from '@/components/error-state';
import { BankStatementUpload, RunReconciliation } from '@/components/money/reconciliation-forms';
import { contractChoices, currentMonth } from '@/components/money/shared';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Reconciliation' };
export const dynamic = 'force-dynamic';

export default async function ReconciliationPage() {
  const access = await requireSection('reconciliation');
  if (!access) return null;
  let chain;
  try {
    chain = unwrap(await (await createServerClient()).GET('/supply-chain'));
  } catch (error) {
    return (
      <ErrorState title="Reconciliation could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Reconciliation"
        description="Expected money (approved claims × subcontract terms, plus scheduled fees) against what was recorded as paid: matched, short, over, late or unmatched."
      />
      {access.user.organisation.kind !== 'SUBCONTRACTOR' && (
        <p>
          <Link
            href="/reconciliation/commissioner-prime"
            className="text-teal-800 underline underline-offset-4"
          >
            Commissioner to prime: approved claims against remittances paid
          </Link>
        </p>
      )}
      <RunReconciliation contracts={contractChoices(chain)} period={currentMonth()} />
      {access.user.organisation.kind !== 'COMMISSIONER' && <BankStatementUpload />}
    </div>
  );
}
