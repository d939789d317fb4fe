import { type DayDate } from '../vocabulary.js';
import { type EffectiveDated } from './tariff.types.js';

/** The version in force on `onDate` (`effectiveFrom ≤ onDate ≤ effectiveTo`); the latest start wins an overlap. */
export function findVersionInForce<T extends EffectiveDated>({
  versions,
  onDate,
}: {
  versions: readonly T[];
  onDate: DayDate;
}): T | undefined {
  let found: T | undefined;
  for (const version of versions) {
    if (version.effectiveFrom > onDate) continue;
    if (version.effectiveTo !== undefined && version.effectiveTo < onDate) continue;
    if (!found || version.effectiveFrom > found.effectiveFrom) found = version;
  }
  return found;
}
