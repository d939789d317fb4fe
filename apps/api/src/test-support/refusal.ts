import { AppError } from '../common/errors/app-error';

/** The AppError `run` throws (a refusal), for a test to look at; anything else thrown, or nothing, fails the test. */
export function refusalOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal (an AppError), but nothing was thrown');
}
