// Day arithmetic on epoch days (integers): fast enough for millions of journeys.
const MS_PER_DAY = 86_400_000;
const isoCache = new Map<number, string>();

export function toDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

export function isoDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, iso);
  }
  return iso;
}

/** A timestamptz literal on `day` at `minuteOfDay` (UTC). */
export function instant(day: number, minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60) % 24;
  const minutes = minuteOfDay % 60;
  return `${isoDay(day)} ${hours < 10 ? '0' : ''}${hours}:${minutes < 10 ? '0' : ''}${minutes}:00+00`;
}

export function monthStart(day: number): number {
  const iso = isoDay(day);
  return toDay(`${iso.slice(0, 7)}-01`);
}

export function addMonthsToDay(day: number, months: number): number {
  const date = new Date(day * MS_PER_DAY);
  return Math.floor(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate()) / MS_PER_DAY,
  );
}

export function monthEnd(day: number): number {
  return addMonthsToDay(monthStart(day), 1) - 1;
}
