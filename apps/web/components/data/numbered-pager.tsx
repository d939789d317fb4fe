// Page numbers with the total, for offset-paged lists ("Page 2 of 14 · 683 events"):
// real links that keep the URL's filters, so they work without JavaScript. A total the
// API counted only up to its cap reads "10,000+", and the pages stop there.
import Link from 'next/link';

function hrefFor(path: string, params: Record<string, string | undefined>, page: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({
    ...params,
    page: page > 1 ? String(page) : undefined,
  }))
    if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The pages to offer around the current one: first, last, and two either side. */
function pagesAround(current: number, last: number): (number | 'gap')[] {
  const wanted = new Set(
    [1, last, current - 2, current - 1, current, current + 1, current + 2].filter(
      (page) => page >= 1 && page <= last,
    ),
  );
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  for (const page of sorted) {
    const previous = out[out.length - 1];
    if (typeof previous === 'number' && page - previous > 1) out.push('gap');
    out.push(page);
  }
  return out;
}

export function NumberedPager({
  path,
  params,
  page,
  pageSize,
  total,
  isTotalCapped = false,
  noun,
}: {
  path: string;
  params: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  total: number;
  /** The API stopped counting at total: there are more ("10,000+"). */
  isTotalCapped?: boolean;
  noun: [string, string];
}) {
  const last = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const upTo = Math.min(total, page * pageSize);
  const more = isTotalCapped ? '+' : '';
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-700" data-testid="pager-summary">
        {total === 0
          ? `No ${noun[1]}`
          : `${first.toLocaleString('en-GB')}–${upTo.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}${more} ${total === 1 && !isTotalCapped ? noun[0] : noun[1]} · page ${page} of ${last}${more}`}
      </p>
      {last > 1 && (
        <ul className="flex flex-wrap items-center gap-1">
          {page > 1 && (
            <li>
              <Link
                className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
                href={hrefFor(path, params, page - 1)}
              >
                Previous
              </Link>
            </li>
          )}
          {pagesAround(page, last).map((item, index) =>
            item === 'gap' ? (
              <li key={`gap-${index}`} aria-hidden="true" className="px-1 text-slate-500">
                …
              </li>
            ) : (
              <li key={item}>
                {item === page ? (
                  <span
                    aria-current="page"
                    className="rounded bg-navy-900 px-3 py-1.5 font-semibold text-white"
                  >
                    {item}
                  </span>
                ) : (
                  <Link
                    className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
                    href={hrefFor(path, params, item)}
                    aria-label={`Page ${item}`}
                  >
                    {item}
                  </Link>
                )}
              </li>
            ),
          )}
          {page < last && (
            <li>
              <Link
                className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
                href={hrefFor(path, params, page + 1)}
              >
                Next
              </Link>
            </li>
          )}
        </ul>
      )}
    </nav>
  );
}

/** A page number from the URL: a whole number from 1, else 1. */
export function pageFrom(value: string | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/**
 * One page of rows the API answered whole (analytics answers every row of the slice, already summed): what a
 * person can read at once, and what the server renders. The page number comes from the URL, clamped to the last page.
 */
export function pageOfRows<Row>(
  rows: readonly Row[],
  pageParam: string | undefined,
  pageSize: number,
): { rows: Row[]; page: number } {
  const last = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(pageFrom(pageParam), last);
  return { rows: rows.slice((page - 1) * pageSize, page * pageSize), page };
}
