// The API's one source of time. Services take "now" and "today" from the injected Clock, never from
// `new Date()`, so a test can pin the day: each app gets its own Clock object, which a test takes with
// `app.get(CLOCK)` and stops with `Object.assign(clock, fixedClock('2027-01-04'))`.
import { Global, Module } from '@nestjs/common';

export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
  /** Today in UTC as a day date (`2026-12-06`). */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => new Date().toISOString().slice(0, 10),
};

/** A clock stopped at `day` (noon UTC), for tests and simulations. */
export function fixedClock(day: string): Clock {
  return { now: () => new Date(`${day}T12:00:00Z`), today: () => day };
}

@Global()
@Module({
  providers: [{ provide: CLOCK, useFactory: (): Clock => ({ ...systemClock }) }],
  exports: [CLOCK],
})
export class ClockModule {}
