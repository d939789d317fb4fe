// NIST SP 800-63B §3.1.1.2: at least 12 characters (our bar, above NIST's 8),
// up to 128 accepted, no composition rules, and rejected when it appears in a
// list of commonly used or breached passwords — here zxcvbn-ts's maintained
// common-password dictionary — or is built from the service or user's name.
// Past those, zxcvbn-ts's strength estimator must rate it "very unguessable"
// (score 4, at least 10^10 guesses): it sees through l33t spelling, years,
// keyboard runs and a name or email with a suffix (P@ssw0rd1234 ~10^4,
// Summer2026!! ~10^8 — score 3 would let that one through).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const commonPasswords = new Set((dictionary as Record<string, string[]>)['passwords-common'] ?? []);
/** The estimator, built once: it ranks against the breached-password and common-word lists above. */
const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
/** zxcvbn's 0–4 scale: 4 is "very unguessable: strong protection from offline slow-hash scenario" (10^10 guesses or more). */
export const PASSWORD_MIN_SCORE = 4;

export type PasswordVerdict = { isAcceptable: true } | { isAcceptable: false; reason: string };

export function checkPassword(
  password: string,
  context: { email?: string; displayName?: string } = {},
): PasswordVerdict {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { isAcceptable: false, reason: `must be at least ${PASSWORD_MIN_LENGTH} characters` };
  if (length > PASSWORD_MAX_LENGTH)
    return { isAcceptable: false, reason: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered))
    return {
      isAcceptable: false,
      reason: 'is on a list of commonly used or breached passwords; choose another',
    };
  if (new Set(lowered).size <= 2)
    return { isAcceptable: false, reason: 'repeats too few characters; choose a passphrase' };
  const contextWords = [
    'waymark',
    context.email?.split('@')[0],
    ...(context.displayName?.split(/\s+/) ?? []),
  ]
    .filter((word): word is string => !!word && word.length >= 4)
    .map((word) => word.toLowerCase());
  if (contextWords.some((word) => lowered === word || lowered.replace(/[^a-z]/g, '') === word)) {
    return { isAcceptable: false, reason: 'must not be your name, email or the service name' };
  }
  const userInputs = [
    'waymark',
    context.email ?? '',
    context.email?.split('@')[0] ?? '',
    ...(context.displayName?.split(/\s+/) ?? []),
  ].filter((word) => word.length > 0);
  const { score, feedback } = estimator.check(password, userInputs);
  if (score < PASSWORD_MIN_SCORE) {
    const hint = feedback.warning ? ` (${feedback.warning.replace(/\.$/, '').toLowerCase()})` : '';
    return {
      isAcceptable: false,
      reason: `is too easy to guess${hint}; a few unrelated words make a strong passphrase`,
    };
  }
  return { isAcceptable: true };
}
