// A day entered as day, month and year boxes (the GOV.UK Design System's date
// input), never the browser's locale date picker, for GET filter forms.
// The page reads the three values back with dayFromParts.

export function DayMonthYearFilter({
  name,
  legend,
  day,
}: {
  name: string;
  legend: string;
  day?: string | undefined;
}) {
  const [year = '', month = '', date = ''] = day?.split('-') ?? [];
  const box = (part: 'Day' | 'Month' | 'Year', value: string, width: string) => (
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-slate-700">{part}</span>
      <input
        name={`${name}${part}`}
        inputMode="numeric"
        pattern="[0-9]*"
        defaultValue={value.replace(/^0/, '')}
        className={`${width} rounded border border-slate-300 px-2 py-2`}
      />
    </label>
  );
  return (
    <fieldset className="flex flex-col gap-1 text-sm">
      <legend className="font-medium text-slate-700">{legend}</legend>
      <div className="flex gap-2">
        {box('Day', date, 'w-14')}
        {box('Month', month, 'w-14')}
        {box('Year', year, 'w-20')}
      </div>
    </fieldset>
  );
}

/** The ISO day from `<name>Day`, `<name>Month`, `<name>Year`, or undefined when they do not make a real day. */
export function dayFromParts(
  params: Record<string, string | undefined>,
  name: string,
): string | undefined {
  const [day, month, year] = ['Day', 'Month', 'Year'].map((part) =>
    Number(params[`${name}${part}`]),
  );
  if (
    !Number.isInteger(day) ||
    !Number.isInteger(month) ||
    !Number.isInteger(year) ||
    year! < 2000 ||
    year! > 2099
  )
    return undefined;
  const date = new Date(Date.UTC(year!, month! - 1, day));
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}
