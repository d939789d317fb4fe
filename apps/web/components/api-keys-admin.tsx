'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import {
  API_KEY_SCOPE_DESCRIPTIONS,
  API_KEY_SCOPES,
  scopesAvailableTo,
  type ApiKeyScope,
} from '@waymark/domain';
import { createBrowserClient, ROLES, unwrap, type ApiKey, type OrganisationKind } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { describeRoles } from '@/lib/navigation';
import { ActionDialog } from './action-dialog';
import {
  ErrorSummary,
  FieldError,
  readRoles,
  readText,
  RoleCheckboxes,
  SubmitButton,
  TextField,
} from './form';
import { OneTimeSecret } from './one-time-secret';
import { useToast } from './toast';

// The API refuses ADMIN for keys: a leaked key must not be able to mint users or keys.
const KEY_ROLES = ROLES.filter((role) => role !== 'ADMIN');

type Field = 'key-name' | 'key-roles' | 'key-scopes';

const FIELDS = {
  'body.name': { name: 'key-name' as const, label: 'Name' },
  'body.roles': { name: 'key-roles' as const, label: 'Roles' },
  'body.scopes': { name: 'key-scopes' as const, label: 'What the key may do' },
};

/** The key's scopes in words, one sentence each. */
function describeScopes(scopes: readonly ApiKeyScope[]): string {
  if (scopes.length === 0) return 'Nothing (made before keys had scopes)';
  return scopes.map((scope) => API_KEY_SCOPE_DESCRIPTIONS[scope]).join('; ');
}

function readScopes(formData: FormData): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((scope) => formData.getAll('key-scopes').includes(scope));
}

export function ApiKeysAdmin({
  apiKeys,
  organisationKind,
}: {
  apiKeys: ApiKey[];
  organisationKind: OrganisationKind;
}) {
  // Only what a key of this organisation could use somewhere: the API refuses the rest.
  const availableScopes = scopesAvailableTo({ organisationKind, roles: KEY_ROLES });
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isCreating, setIsCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [formKey, setFormKey] = useState(0);

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const name = readText(formData, 'key-name').trim();
    const roles = readRoles(formData, 'key-roles');
    const scopes = readScopes(formData);
    const fields: FormErrors<Field>['fields'] = {};
    if (!name) fields['key-name'] = 'Enter a name that says what the key is for';
    if (roles.length === 0) fields['key-roles'] = 'Choose at least one role';
    if (scopes.length === 0) fields['key-scopes'] = 'Choose at least one thing the key may do';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }
    setIsCreating(true);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/api-keys', { body: { name, roles, scopes } }),
      );
      setErrors(NO_ERRORS);
      setCreated({ name: result.apiKey.name, key: result.key });
      setFormKey((key) => key + 1);
      toast(`API key “${result.apiKey.name}” created.`);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setIsCreating(false);
    }
  }

  async function revoke(apiKey: ApiKey): Promise<string> {
    unwrap(
      await createBrowserClient().DELETE('/api-keys/{id}', {
        params: { path: { id: apiKey.id } },
      }),
    );
    return `API key “${apiKey.name}” revoked: it no longer works.`;
  }

  return (
    <>
      <section aria-labelledby="keys-heading" className="space-y-4">
        <h2 id="keys-heading" className="text-2xl font-semibold text-navy-900">
          Your keys
        </h2>
        {apiKeys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-navy-200 bg-navy-50 p-6 text-slate-700">
            No API keys yet. Create one below when a system of yours needs to call Waymark.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[46rem] text-left text-sm">
              <caption className="sr-only">API keys, with what they may do and their use</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-navy-900">
                <tr>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Name
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Starts with
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Roles
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    May
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Created
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Last used
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {apiKeys.map((apiKey) => (
                  <tr key={apiKey.id}>
                    <th scope="row" className="px-4 py-3 font-semibold text-navy-900">
                      {apiKey.name}
                    </th>
                    <td className="px-4 py-3">
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">
                        {apiKey.prefix}…
                      </code>
                    </td>
                    <td className="px-4 py-3 text-slate-700">{describeRoles(apiKey.roles)}</td>
                    <td className="px-4 py-3 text-slate-700">{describeScopes(apiKey.scopes)}</td>
                    <td className="px-4 py-3 text-slate-700">{formatDateTime(apiKey.createdAt)}</td>
                    <td className="px-4 py-3 text-slate-700">
                      {formatDateTime(apiKey.lastUsedAt)}
                    </td>
                    <td className="px-4 py-3">
                      {apiKey.revokedAt ? (
                        <span className="text-slate-700">
                          Revoked {formatDateTime(apiKey.revokedAt)}
                        </span>
                      ) : (
                        <ActionDialog
                          id={`revoke-key-${apiKey.id}`}
                          openLabel={
                            <>
                              Revoke<span className="sr-only"> {apiKey.name}</span>
                            </>
                          }
                          openVariant="secondary"
                          variant="danger"
                          title="Revoke this API key?"
                          confirmLabel="Revoke key"
                          busyLabel="Revoking…"
                          summary={
                            <p>
                              <strong>{apiKey.name}</strong> (starting <code>{apiKey.prefix}</code>)
                              will stop working at once. Any system using it will be refused until
                              you give it a new key.
                            </p>
                          }
                          onConfirm={() => revoke(apiKey)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="create-key-heading" className="space-y-5">
        <h2 id="create-key-heading" className="text-2xl font-semibold text-navy-900">
          Create a key
        </h2>
        {created && (
          <OneTimeSecret
            id="new-api-key"
            label="New API key"
            value={created.key}
            onDone={() => setCreated(null)}
            doneLabel="I have stored the key"
          >
            <p>
              Store the key for <strong>{created.name}</strong> in your system&rsquo;s secret store.
              Send it as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-Api-Key</code>.
            </p>
          </OneTimeSecret>
        )}
        <form
          key={formKey}
          onSubmit={(event) => void handleCreate(event)}
          noValidate
          className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
        >
          <ErrorSummary
            id="key-errors"
            errors={errors}
            labels={['key-name', 'key-roles', 'key-scopes']}
          />
          <TextField
            id="key-name"
            label="Name"
            hint="What the key is for, for example “CRM nightly sync”."
            autoComplete="off"
            error={errors.fields['key-name']}
          />
          <RoleCheckboxes
            id="key-roles"
            legend="Roles"
            hint="Whose work the key does. Keys cannot be admins."
            roles={KEY_ROLES}
            error={errors.fields['key-roles']}
          />
          <fieldset
            aria-describedby={`key-scopes-hint${errors.fields['key-scopes'] ? ' key-scopes-error' : ''}`}
            className="space-y-2"
          >
            <legend className="font-semibold text-navy-900">What the key may do</legend>
            <p id="key-scopes-hint" className="text-sm text-slate-600">
              A key opens only the parts of the API you tick here, and only for roles above that may
              use them.
            </p>
            <FieldError id="key-scopes-error" error={errors.fields['key-scopes']} />
            <div className="space-y-2">
              {availableScopes.map((scope, index) => (
                <div key={scope} className="flex items-start gap-2">
                  <input
                    // The first box carries the fieldset's id so the error summary can focus it.
                    id={index === 0 ? 'key-scopes' : `key-scopes-${scope.replace(':', '-')}`}
                    type="checkbox"
                    name="key-scopes"
                    value={scope}
                    className="mt-0.5 h-5 w-5 shrink-0 rounded border-2 border-slate-500 accent-teal-700"
                  />
                  <label
                    htmlFor={index === 0 ? 'key-scopes' : `key-scopes-${scope.replace(':', '-')}`}
                    className="text-slate-900"
                  >
                    {API_KEY_SCOPE_DESCRIPTIONS[scope]}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <SubmitButton isBusy={isCreating} busyLabel="Creating key…">
            Create API key
          </SubmitButton>
        </form>
      </section>
    </>
  );
}
