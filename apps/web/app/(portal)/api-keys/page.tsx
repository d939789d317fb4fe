import type { Metadata } from 'next';
import { ApiKeysAdmin } from '@/components/api-keys-admin';
import { ErrorState } from '@/components/error-state';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'API keys' };
export const dynamic = 'force-dynamic';

export default async function ApiKeysPage() {
  const access = await requireSection('api-keys');
  if (!access) return null;

  let apiKeys;
  try {
    apiKeys = unwrap(await (await createServerClient()).GET('/api-keys')).apiKeys;
  } catch (error) {
    return (
      <ErrorState title="API keys could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">API keys</h1>
        <p className="max-w-prose text-slate-700">
          Keys let <strong>{access.user.organisation.name}</strong>&rsquo;s own systems — a CRM, a
          nightly export — call the Waymark API. Each key does only what you tick when you create
          it, acts with the roles you give it (never admin), and stops working the moment you revoke
          it.
        </p>
      </div>
      <ApiKeysAdmin apiKeys={apiKeys} organisationKind={access.user.organisation.kind} />
    </div>
  );
}
