import type { Metadata } from 'next';
import { PageHeader } from '@/components/data/page-header';
import { BulkUpload } from '@/components/referrals/bulk-upload';
import { unwrap } from '@/lib/api';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Bulk upload' };
export const dynamic = 'force-dynamic';

export default async function BulkReferralsPage() {
  const access = await requireSection('bulk-referrals');
  if (!access) return null;
  const client = await createServerClient();
  // The live contracts open to this office, named by prime, area and programme.
  const open = await client
    .GET('/referrals/open-contracts')
    .then(unwrap)
    .catch(() => null);
  const contracts = (open?.primeContracts ?? []).map((contract) => ({
    value: contract.id,
    label: contract.name,
  }));
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={access.user.organisation.name}
        title="Upload a file of referrals"
        description="A CSV or XLSX file with a header row: external_reference, ni_number, date_of_birth and benefit_type. Every bad row is reported by line number."
        actions={
          <a
            href="/api/referral-imports/template.csv"
            download
            className="rounded-md border-2 border-slate-500 bg-white px-4 py-2 font-semibold text-navy-900 hover:bg-slate-100"
          >
            Download the template
          </a>
        }
      />
      <BulkUpload primeContracts={contracts} />
    </div>
  );
}
