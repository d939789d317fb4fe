import '../../error-areas';
import { allErrorCodes, CommonError, problemMappingFor, problemTypeFor } from './error-codes';
import { buildProblem } from './problem';

describe('error code registry', () => {
  const allCodes = allErrorCodes();

  it('includes every area', () => {
    expect(allCodes).toEqual(
      expect.arrayContaining(['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'EMAIL_TAKEN']),
    );
  });

  it.each(allCodes)('maps %s to an error status, a title and a stable type URI', (code) => {
    const mapping = problemMappingFor(code);
    expect(mapping.status).toBeGreaterThanOrEqual(400);
    expect(mapping.status).toBeLessThan(600);
    expect(mapping.title.length).toBeGreaterThan(3);
    expect(problemTypeFor(code)).toMatch(/^https:\/\/waymark\.example\/problems\/[a-z0-9-]+$/);
  });

  it('keeps bad input out of the 5xx range: only INTERNAL and NOT_READY are server errors', () => {
    expect(allCodes.filter((code) => problemMappingFor(code).status >= 500).sort()).toEqual([
      'INTERNAL',
      'NOT_READY',
    ]);
  });
});

describe('problem documents', () => {
  it('carries extension members but never lets them overwrite the standard ones', () => {
    const problem = buildProblem({
      code: CommonError.CONFLICT,
      detail: 'x',
      extensions: { dueDate: '2027-01-31', status: 200, code: 'FAKE' },
    });
    expect(problem).toMatchObject({ dueDate: '2027-01-31', status: 409, code: 'CONFLICT' });
  });
});
