// How fresh a page's figures are, from the API's Waymark-Data-* headers: the
// heavy reads (analytics, dashboards, statements) may be answered by a read
// replica a few seconds behind the primary (docs/operations.md "A read
// replica"). People read a time and how far behind it is, in words.

export interface DataFreshness {
  source: 'replica' | 'primary';
  /** The instant the figures are complete up to. */
  asOf: string;
  lagSeconds: number;
}

/** The freshness an API response declares, or undefined when it declares none. */
export function freshnessOf(response: Response): DataFreshness | undefined {
  const source = response.headers.get('waymark-data-source');
  const asOf = response.headers.get('waymark-data-as-of');
  const lag = Number(response.headers.get('waymark-data-lag-seconds') ?? '0');
  if ((source !== 'replica' && source !== 'primary') || !asOf || Number.isNaN(Date.parse(asOf)))
    return undefined;
  return { source, asOf, lagSeconds: Number.isFinite(lag) && lag > 0 ? lag : 0 };
}

const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/London',
});

/** "Figures as of 14:02:10 (3 s behind)." — or "(up to date)" within a second. */
export function describeFreshness(freshness: DataFreshness): string {
  const seconds = Math.round(freshness.lagSeconds);
  const behind =
    seconds < 1
      ? 'up to date'
      : seconds < 120
        ? `${seconds} s behind`
        : `${Math.round(seconds / 60)} minutes behind`;
  return `Figures as of ${TIME.format(new Date(freshness.asOf))} (${behind}).`;
}

export function DataFreshnessNote({ freshness }: { freshness: DataFreshness | undefined }) {
  if (!freshness) return null;
  return <p className="text-sm text-slate-600">{describeFreshness(freshness)}</p>;
}
