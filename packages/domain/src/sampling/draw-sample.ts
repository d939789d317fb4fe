import { DomainError } from '../errors/domain-error.js';
import { mulberry32 } from './mulberry32.js';
import { SamplingError } from './sampling.errors.js';

/**
 * A reproducible random sample without replacement: the ids are sorted first, so the same seed and
 * the same set of ids give the same sample whatever order they arrive in (partial Fisher–Yates
 * driven by mulberry32). Returned in draw order.
 */
export function drawSample({
  seed,
  populationIds,
  size,
}: {
  seed: number;
  populationIds: readonly string[];
  size: number;
}): string[] {
  if (!Number.isInteger(size) || size < 0) {
    throw new DomainError(
      SamplingError.INVALID_SAMPLE_SIZE,
      `sample size must be a whole number ≥ 0, got ${size}`,
      { size },
    );
  }
  if (size > populationIds.length) {
    throw new DomainError(
      SamplingError.SAMPLE_LARGER_THAN_POPULATION,
      `cannot draw ${size} from a population of ${populationIds.length}`,
      { size, populationSize: populationIds.length },
    );
  }
  const ids = [...populationIds].sort();
  const duplicate = ids.find((id, index) => index > 0 && ids[index - 1] === id);
  if (duplicate !== undefined) {
    throw new DomainError(
      SamplingError.DUPLICATE_ID,
      `population id ${duplicate} appears more than once`,
      { id: duplicate },
    );
  }
  const random = mulberry32(seed);
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random() * (ids.length - i));
    const picked = ids[j] as string;
    ids[j] = ids[i] as string;
    ids[i] = picked;
  }
  return ids.slice(0, size);
}
