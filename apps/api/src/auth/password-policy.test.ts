// The password policy refuses what an attacker guesses first (W13: the probe
// set P@ssw0rd1234, Summer2026!! and an email's local part with !!).
import { checkPassword } from './password-policy';

describe('checkPassword', () => {
  it.each([
    ['a breached password spelt in l33t', 'P@ssw0rd1234', {}],
    ['a season and year', 'Summer2026!!', {}],
    ['the email local part with a suffix', 'jo.smithson!!', { email: 'jo.smithson@example.org' }],
    ['the display name with digits', 'Okafor123456', { displayName: 'Sam Okafor' }],
    ['a keyboard run', 'qwertyuiop12', {}],
    ['a common password', 'password1234', {}],
  ])('refuses %s', (_name, password, context) => {
    expect(checkPassword(password, context)).toMatchObject({ isAcceptable: false });
  });

  it('accepts a passphrase of unrelated words and says why it refuses a weak one', () => {
    expect(
      checkPassword('copper kettle orbit lantern', {
        email: 'jo.smithson@example.org',
        displayName: 'Jo Smithson',
      }),
    ).toEqual({ isAcceptable: true });
    expect(checkPassword('Summer2026!!')).toEqual({
      isAcceptable: false,
      reason: expect.stringMatching(/^is too easy to guess/),
    });
  });
});
