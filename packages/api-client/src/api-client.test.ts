import { ApiProblemError, unwrap } from './index';

describe('unwrap', () => {
  it('returns data of a successful response', () => {
    expect(
      unwrap({ data: { status: 'ok' }, response: new Response(null, { status: 200 }) }),
    ).toEqual({ status: 'ok' });
  });

  it('throws the API problem document with per-field messages', () => {
    const problem = {
      type: 'https://waymark.example/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'body.email: Invalid email',
      errors: [{ field: 'body.email', message: 'Invalid email' }],
    };
    try {
      unwrap({ error: problem, response: new Response(null, { status: 400 }) });
      throw new Error('unwrap did not throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiProblemError);
      expect((error as ApiProblemError).messageFor('body.email')).toBe('Invalid email');
      expect((error as ApiProblemError).problem.status).toBe(400);
    }
  });

  it('turns a non-problem failure into a problem naming the status', () => {
    expect(() =>
      unwrap({ error: 'Bad Gateway', response: new Response(null, { status: 502 }) }),
    ).toThrow('The API answered 502 without a problem document.');
  });
});
