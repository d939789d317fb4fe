import { isDomainError } from '../errors/domain-error.js';
import { toEpochDay } from './epoch-day.js';

export function isDayDate(value: string): boolean {
  try {
    toEpochDay(value);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}
