import type { Metadata } from 'next';
import { ApiProblemError, unwrap } from '@/lib/api';
import { createServerClient } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Service status' };
export const dynamic = 'force-dynamic';

type Check =
  | { state: 'pass'; headline: string; facts: [string, string][] }
  | { state: 'fail'; headline: string; detail: string };

function describeFailure(error: unknown): string {
  if (error instanceof ApiProblemError) return `${error.problem.detail} (${error.problem.code})`;
  return 'The API did not answer. It may be starting up or down.';
}

async function checkLiveness(): Promise<Check> {
  try {
    const client = await createServerClient();
    const health = unwrap(await client.GET('/health'));
    return {
      state: 'pass',
      headline: 'Healthy',
      facts: [['Process', health.status === 'ok' ? 'Serving requests' : health.status]],
    };
  } catch (error) {
    return { state: 'fail', headline: 'Unreachable', detail: describeFailure(error) };
  }
}

async function checkReadiness(): Promise<Check> {
  try {
    const client = await createServerClient();
    const ready = unwrap(await client.GET('/ready'));
    return {
      state: 'pass',
      headline: 'Ready',
      facts: [
        ['Database', ready.database === 'ok' ? 'Connected' : ready.database],
        ['Migrations applied', String(ready.migrations.applied)],
        ['Latest migration', ready.migrations.latest ?? 'none'],
      ],
    };
  } catch (error) {
    return { state: 'fail', headline: 'Not ready', detail: describeFailure(error) };
  }
}

export default async function StatusPage() {
  const [liveness, readiness] = await Promise.all([checkLiveness(), checkReadiness()]);
  const isAllWell = liveness.state === 'pass' && readiness.state === 'pass';
  const checkedAt = new Date();

  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-semibold text-navy-900">Service status</h1>
        <p
          className={`inline-flex items-center gap-2 rounded-full px-4 py-1.5 font-semibold ${
            isAllWell ? 'bg-teal-50 text-teal-800' : 'bg-red-50 text-red-800'
          }`}
        >
          <span
            aria-hidden="true"
            className={`h-2.5 w-2.5 rounded-full ${isAllWell ? 'bg-teal-600' : 'bg-red-700'}`}
          />
          {isAllWell ? 'All systems operational' : 'Waymark is degraded'}
        </p>
        <p className="text-sm text-slate-600">
          Checked at{' '}
          <time dateTime={checkedAt.toISOString()}>
            {checkedAt.toLocaleString('en-GB', {
              dateStyle: 'medium',
              timeStyle: 'medium',
              timeZone: 'Europe/London',
            })}
          </time>{' '}
          (UK time). Reload the page to check again.
        </p>
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <CheckCard id="liveness" title="API liveness" check={liveness} />
        <CheckCard id="readiness" title="API readiness" check={readiness} />
      </div>
    </div>
  );
}

function CheckCard({ id, title, check }: { id: string; title: string; check: Check }) {
  const isPass = check.state === 'pass';
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-check={id}
      data-state={check.state}
      className={`rounded-xl border bg-white p-6 shadow-sm ${isPass ? 'border-slate-200' : 'border-red-300'}`}
    >
      <h2
        id={`${id}-title`}
        className="text-sm font-semibold tracking-wide text-slate-600 uppercase"
      >
        {title}
      </h2>
      <p
        className={`mt-2 flex items-center gap-2 text-2xl font-semibold ${isPass ? 'text-teal-700' : 'text-red-700'}`}
      >
        {isPass ? (
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="h-6 w-6"
            fill="none"
            stroke="currentColor"
            strokeWidth="3"
          >
            <path d="M5 12.5l4.5 4.5L19 7.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        ) : (
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="h-6 w-6"
            fill="none"
            stroke="currentColor"
            strokeWidth="3"
          >
            <path d="M6 6l12 12M18 6L6 18" strokeLinecap="round" />
          </svg>
        )}
        {check.headline}
      </p>
      {check.state === 'pass' ? (
        <dl className="mt-4 divide-y divide-slate-100 border-t border-slate-100 text-sm">
          {check.facts.map(([term, value]) => (
            <div key={term} className="flex justify-between gap-4 py-2">
              <dt className="text-slate-600">{term}</dt>
              <dd className="text-right font-medium break-all text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-4 text-sm text-slate-700">{check.detail}</p>
      )}
    </section>
  );
}
