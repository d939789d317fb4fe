// Which data-protection views a user may open: the API's own route policies
// (lib/access.ts, @waymark/domain POLICIES; docs/data-protection.md) — the
// retention policy for every party, subject access and requests for commissioner
// and prime admins/auditors, records of processing for the commissioner only.
import { Tabs, type Tab } from '@/components/analytics/shared';
import { can, POLICIES } from '@/lib/access';
import type { SessionUser } from '@/lib/api';

export type DataProtectionView = 'retention' | 'requests' | 'subject-access' | 'records';

export function canOpen(user: SessionUser, view: DataProtectionView): boolean {
  switch (view) {
    case 'retention':
      return can(user, POLICIES.dataProtection.readRetentionPolicy);
    case 'requests':
      return can(user, POLICIES.dataProtection.readRequests);
    case 'subject-access':
      // The route admits commissioner and prime admins and auditors; the export itself is for a
      // prime's admins only (a prime's auditor reads its processing, not its participants' files).
      return (
        can(user, POLICIES.dataProtection.subjectAccess) &&
        !(user.organisation.kind === 'PRIME' && !user.roles.includes('ADMIN'))
      );
    case 'records':
      return can(user, POLICIES.dataProtection.readRecordsOfProcessing);
  }
}

const TABS: (Tab & { view: DataProtectionView })[] = [
  { view: 'retention', href: '/data-protection', label: 'Retention' },
  { view: 'subject-access', href: '/data-protection/subject-access', label: 'Subject access' },
  { view: 'requests', href: '/data-protection/requests', label: 'Erasure and rectification' },
  { view: 'records', href: '/data-protection/records', label: 'Records of processing' },
];

export function DataProtectionTabs({
  user,
  current,
}: {
  user: SessionUser;
  current: DataProtectionView;
}) {
  const tabs = TABS.filter((tab) => canOpen(user, tab.view));
  if (tabs.length < 2) return null;
  return (
    <Tabs
      label="Data protection views"
      tabs={tabs}
      current={TABS.find((tab) => tab.view === current)?.href ?? ''}
    />
  );
}

export function isCommissionerAdmin(user: SessionUser): boolean {
  return can(user, POLICIES.dataProtection.decideRequests);
}
