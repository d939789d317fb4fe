import { AuthError } from '../../auth/auth.errors';
import { UserError } from '../../users/users.errors';
import { CommonError, problemMappingFor, problemTypeFor } from './error-codes';

describe('error code registry', () => {
  const allCodes = [...Object.values(CommonError), ...Object.values(AuthError), ...Object.values(UserError)];

  it.each(allCodes)('maps %s to an error status, a title and a stable type URI', (code) => {
    const mapping = problemMappingFor(code);
    expect(mapping.status).toBeGreaterThanOrEqual(400);
    expect(mapping.status).toBeLessThan(600);
    expect(mapping.title.length).toBeGreaterThan(3);
    expect(problemTypeFor(code)).toMatch(/^https:\/\/waymark\.example\/problems\/[a-z0-9-]+$/);
  });

  it('keeps bad input out of the 5xx range: only INTERNAL and NOT_READY are server errors', () => {
    expect(allCodes.filter((code) => problemMappingFor(code).status >= 500).sort()).toEqual(['INTERNAL', 'NOT_READY']);
  });
});
