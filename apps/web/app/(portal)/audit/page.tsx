import type { Metadata } from 'next';
import { VerifyAuditTrail } from '@/components/verify-audit-trail';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Audit' };
export const dynamic = 'force-dynamic';

export default async function AuditPage() {
  const access = await requireSection('audit');
  if (!access) return null;

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">Audit</h1>
        <p className="max-w-prose text-slate-700">
          Every change in Waymark, and every read of special category data, is written to an
          append-only audit trail. Each event stores a hash of the one before it, so altering or
          removing any event breaks every link after it.
        </p>
      </div>
      <VerifyAuditTrail />
    </div>
  );
}
