'use client';

import type { components } from '@waymark/api-client';
import { useState, type FormEvent } from 'react';
import { buttonClass } from '@/components/form';
import { useToast } from '@/components/toast';
import { createBrowserClient, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { wordFor } from '@/lib/words';

type Preference = components['schemas']['PreferencesResponseDto']['preferences'][number];

/** Per kind: in the inbox, by email, both or neither. */
export function NotificationPreferencesForm({
  preferences: initial,
}: {
  preferences: Preference[];
}) {
  const toast = useToast();
  const [preferences, setPreferences] = useState(initial);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function set(
    kind: Preference['kind'],
    change: Partial<Pick<Preference, 'isInApp' | 'isByEmail'>>,
  ) {
    setPreferences((current) =>
      current.map((item) => (item.kind === kind ? { ...item, ...change } : item)),
    );
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsBusy(true);
    setError(null);
    try {
      const saved = unwrap(
        await createBrowserClient().PUT('/notifications/preferences', {
          body: {
            preferences: preferences.map(({ kind, isInApp, isByEmail }) => ({
              kind,
              isInApp,
              isByEmail,
            })),
          },
        }),
      );
      setPreferences(saved.preferences);
      toast('Notification settings saved.');
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section aria-labelledby="notification-settings-heading" className="max-w-3xl space-y-4">
      <h2 id="notification-settings-heading" className="text-2xl font-semibold text-navy-900">
        Notifications
      </h2>
      <p className="text-slate-700">
        Choose what reaches your inbox in Waymark and what is also sent to you by email.
      </p>
      <form onSubmit={(event) => void save(event)} className="space-y-4">
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Notification settings</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-4 py-3 text-left font-semibold text-slate-700">
                  When
                </th>
                <th scope="col" className="px-4 py-3 text-center font-semibold text-slate-700">
                  In Waymark
                </th>
                <th scope="col" className="px-4 py-3 text-center font-semibold text-slate-700">
                  By email
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preferences.map((item) => (
                <tr key={item.kind}>
                  <th scope="row" className="px-4 py-3 text-left font-normal">
                    <span className="font-semibold text-navy-900">
                      {wordFor('notificationKind', item.kind)}
                    </span>
                    <span className="block text-slate-700">{item.description}</span>
                  </th>
                  <td className="px-4 py-3 text-center">
                    <input
                      type="checkbox"
                      className="h-5 w-5"
                      aria-label={`${wordFor('notificationKind', item.kind)} in Waymark`}
                      checked={item.isInApp}
                      onChange={(event) => set(item.kind, { isInApp: event.target.checked })}
                    />
                  </td>
                  <td className="px-4 py-3 text-center">
                    <input
                      type="checkbox"
                      className="h-5 w-5"
                      aria-label={`${wordFor('notificationKind', item.kind)} by email`}
                      checked={item.isByEmail}
                      onChange={(event) => set(item.kind, { isByEmail: event.target.checked })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {error && (
          <p
            role="alert"
            className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 text-red-900"
          >
            {error}
          </p>
        )}
        <button type="submit" disabled={isBusy} className={buttonClass('primary')}>
          {isBusy ? 'Saving…' : 'Save notification settings'}
        </button>
      </form>
    </section>
  );
}
