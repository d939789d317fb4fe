import { IntentPrefetchLink } from '@/components/intent-prefetch-link';

/** A headline number on a dashboard, optionally linking to the list behind it. */
export function StatCard({
  label,
  value,
  hint,
  href,
  tone = 'neutral',
}: {
  label: string;
  value: string | number;
  hint?: string;
  href?: string;
  tone?: 'neutral' | 'attention' | 'good';
}) {
  const toneClass =
    tone === 'attention'
      ? 'border-amber-300 bg-amber-50'
      : tone === 'good'
        ? 'border-teal-200 bg-teal-50'
        : 'border-slate-200 bg-white';
  const body = (
    <>
      <p className="text-sm font-medium text-slate-700">{label}</p>
      {/* A figure never breaks across lines (a grid column grows to hold it); the size lets five money cards share a 1280px page. */}
      <p className="mt-1 whitespace-nowrap text-2xl font-semibold tabular-nums text-navy-900 2xl:text-3xl">
        {value}
      </p>
      {hint && <p className="mt-1 text-sm text-slate-600">{hint}</p>}
    </>
  );
  return href ? (
    <IntentPrefetchLink
      href={href}
      className={`block rounded-lg border p-5 shadow-sm hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 ${toneClass}`}
    >
      {body}
    </IntentPrefetchLink>
  ) : (
    <div className={`rounded-lg border p-5 shadow-sm ${toneClass}`}>{body}</div>
  );
}
