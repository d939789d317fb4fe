// Which data-protection views a user may open, mirroring the API's route
// policies (docs/data-protection.md): the retention policy for every party,
// subject access and requests for commissioner and prime admins/auditors,
// records of processing for the commissioner (the controller) only.
import { Tabs, type Tab } from '@/components/analytics/shared';
import type { SessionUser } from '@/lib/api';

export type DataProtectionView = 'retention' | 'requests' | 'subject-access' | 'records';

export function canOpen(user: SessionUser, view: DataProtectionView): boolean {
  const kind = user.organisation.kind;
  const has = (...roles: string[]) => user.roles.some((role) => roles.includes(role));
  switch (view) {
    case 'retention':
      return kind !== 'PLATFORM';
    case 'requests':
      return (kind === 'COMMISSIONER' || kind === 'PRIME') && has('ADMIN', 'AUDITOR');
    case 'subject-access':
      return (kind === 'COMMISSIONER' && has('ADMIN', 'AUDITOR')) || (kind === 'PRIME' && has('ADMIN'));
    case 'records':
      return kind === 'COMMISSIONER' && has('ADMIN', 'AUDITOR');
  }
}

const TABS: (Tab & { view: DataProtectionView })[] = [
  { view: 'retention', href: '/data-protection', label: 'Retention' },
  { view: 'subject-access', href: '/data-protection/subject-access', label: 'Subject access' },
  { view: 'requests', href: '/data-protection/requests', label: 'Erasure and rectification' },
  { view: 'records', href: '/data-protection/records', label: 'Records of processing' },
];

export function DataProtectionTabs({ user, current }: { user: SessionUser; current: DataProtectionView }) {
  const tabs = TABS.filter((tab) => canOpen(user, tab.view));
  if (tabs.length < 2) return null;
  return <Tabs label="Data protection views" tabs={tabs} current={TABS.find((tab) => tab.view === current)?.href ?? ''} />;
}

export function isCommissionerAdmin(user: SessionUser): boolean {
  return user.organisation.kind === 'COMMISSIONER' && user.roles.includes('ADMIN');
}
