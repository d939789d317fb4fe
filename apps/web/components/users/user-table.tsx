'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createBrowserClient, ROLES, unwrap, type OrganisationUser, type Role } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '@/lib/form-errors';
import { describeRoles } from '@/lib/navigation';
import { Dialog } from '../dialog';
import {
  buttonClass,
  ErrorSummary,
  readRoles,
  readText,
  RoleCheckboxes,
  SubmitButton,
  TextArea,
} from '../form';
import { useToast } from '../toast';

type Change =
  | { kind: 'roles'; user: OrganisationUser }
  | { kind: 'deactivate'; user: OrganisationUser }
  | { kind: 'reactivate'; user: OrganisationUser };

export function UserTable({
  users,
  currentUserId,
}: {
  users: OrganisationUser[];
  currentUserId: string;
}) {
  const [change, setChange] = useState<Change | null>(null);

  return (
    <section aria-labelledby="users-heading" className="space-y-4">
      <h2 id="users-heading" className="text-2xl font-semibold text-navy-900">
        People in your organisation
      </h2>
      {users.length === 0 ? (
        <p className="rounded-lg border border-dashed border-navy-200 bg-navy-50 p-6 text-slate-700">
          No users yet. Invite someone below.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Users, with their roles and status</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-navy-900">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Name
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Email
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Roles
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Status
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Last signed in
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {users.map((user) => (
                <tr key={user.id} data-user-email={user.email}>
                  <th
                    scope="row"
                    className="px-4 py-3 font-semibold whitespace-nowrap text-navy-900"
                  >
                    {user.displayName}
                    {user.id === currentUserId && (
                      <span className="ml-2 text-xs font-normal text-slate-600">(you)</span>
                    )}
                  </th>
                  <td className="px-4 py-3 break-words text-slate-700">{user.email}</td>
                  <td className="px-4 py-3 text-slate-700">{describeRoles(user.roles)}</td>
                  <td className="px-4 py-3">
                    {user.isActive ? (
                      <span className="rounded-full bg-teal-50 px-2.5 py-0.5 text-xs font-semibold text-teal-800">
                        Active
                      </span>
                    ) : (
                      <span className="rounded-full bg-slate-200 px-2.5 py-0.5 text-xs font-semibold text-slate-800">
                        Deactivated
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    {formatDateTime(user.lastSignedInAt)}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex justify-end gap-2 whitespace-nowrap">
                      <button
                        type="button"
                        onClick={() => setChange({ kind: 'roles', user })}
                        className={buttonClass('secondary', 'sm')}
                      >
                        Change roles<span className="sr-only"> of {user.displayName}</span>
                      </button>
                      {user.isActive ? (
                        <button
                          type="button"
                          onClick={() => setChange({ kind: 'deactivate', user })}
                          className={buttonClass('secondary', 'sm')}
                        >
                          Deactivate<span className="sr-only"> {user.displayName}</span>
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => setChange({ kind: 'reactivate', user })}
                          className={buttonClass('secondary', 'sm')}
                        >
                          Reactivate<span className="sr-only"> {user.displayName}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        id="change-user-dialog"
        title={change ? titleFor(change) : ''}
        isOpen={change !== null}
        onClose={() => setChange(null)}
      >
        {change && <ChangeUserForm change={change} onDone={() => setChange(null)} />}
      </Dialog>
    </section>
  );
}

function titleFor(change: Change): string {
  switch (change.kind) {
    case 'roles':
      return `Change roles of ${change.user.displayName}`;
    case 'deactivate':
      return `Deactivate ${change.user.displayName}`;
    case 'reactivate':
      return `Reactivate ${change.user.displayName}`;
  }
}

type Field = 'change-roles' | 'change-reason';

const FIELDS = {
  'body.roles': { name: 'change-roles' as const, label: 'Roles' },
  'body.reason': { name: 'change-reason' as const, label: 'Reason' },
};

function ChangeUserForm({ change, onDone }: { change: Change; onDone: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [isBusy, setIsBusy] = useState(false);
  const { user } = change;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const reason = readText(formData, 'change-reason').trim();
    const roles: Role[] | undefined =
      change.kind === 'roles' ? readRoles(formData, 'change-roles') : undefined;
    const fields: FormErrors<Field>['fields'] = {};
    if (roles?.length === 0) fields['change-roles'] = 'Choose at least one role';
    if (!reason) fields['change-reason'] = 'Give a reason: it is recorded in the audit trail';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: [] });
      return;
    }

    setIsBusy(true);
    try {
      unwrap(
        await createBrowserClient().PATCH('/users/{id}', {
          params: { path: { id: user.id } },
          body: { reason, ...(roles ? { roles } : { isActive: change.kind === 'reactivate' }) },
        }),
      );
      toast(successMessage(change));
      onDone();
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
      setIsBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void handleSubmit(event)} noValidate className="space-y-5">
      <ErrorSummary id="change-errors" errors={errors} labels={['change-roles', 'change-reason']} />
      {change.kind === 'roles' && (
        <RoleCheckboxes
          id="change-roles"
          legend="Roles"
          roles={ROLES}
          defaultChecked={user.roles}
          error={errors.fields['change-roles']}
        />
      )}
      {change.kind === 'deactivate' && (
        <p className="text-slate-700">
          {user.displayName} will be signed out everywhere at once and cannot sign in until an admin
          reactivates them. Their records stay.
        </p>
      )}
      {change.kind === 'reactivate' && (
        <p className="text-slate-700">
          {user.displayName} will be able to sign in again with their existing password.
        </p>
      )}
      <TextArea
        id="change-reason"
        label="Reason"
        hint="Why you are making this change. It is recorded in the audit trail."
        error={errors.fields['change-reason']}
        autoFocus
      />
      <div className="flex flex-wrap gap-3">
        <SubmitButton
          isBusy={isBusy}
          busyLabel="Saving…"
          variant={change.kind === 'deactivate' ? 'danger' : 'primary'}
        >
          {change.kind === 'roles'
            ? 'Save roles'
            : change.kind === 'deactivate'
              ? 'Deactivate'
              : 'Reactivate'}
        </SubmitButton>
        <button type="button" onClick={onDone} className={buttonClass('secondary')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function successMessage(change: Change): string {
  switch (change.kind) {
    case 'roles':
      return `Roles of ${change.user.displayName} updated.`;
    case 'deactivate':
      return `${change.user.displayName} is deactivated and has been signed out.`;
    case 'reactivate':
      return `${change.user.displayName} is active again.`;
  }
}
