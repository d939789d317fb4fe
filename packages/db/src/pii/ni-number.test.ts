import { randomBytes } from 'node:crypto';
import {
  decryptNiNumber,
  encryptNiNumber,
  hmacNiNumber,
  isValidNiNumber,
  maskNiNumber,
  normaliseNiNumber,
} from './ni-number';

const key = randomBytes(32);

describe('NI numbers', () => {
  it.each(['AB123456C', 'ab 12 34 56 d', 'JG103759A'])('accepts %s', (value) =>
    expect(isValidNiNumber(value)).toBe(true),
  );
  // D, F, I, Q, U and V are never used in the prefix, so the familiar example QQ123456C is not a real number.
  it.each(['QQ123456C', 'AB123456E', 'GB123456A', 'D1234567A', 'QQ12345C', 'QO123456A', ''])(
    'rejects %s',
    (value) => expect(isValidNiNumber(value)).toBe(false),
  );

  it('matches the same number however it was typed, and differs by key', () => {
    expect(hmacNiNumber('ab 12 34 56 c', key)).toEqual(hmacNiNumber('AB123456C', key));
    expect(hmacNiNumber('AB123456C', key)).not.toEqual(hmacNiNumber('QQ123456C', randomBytes(32)));
  });

  it('round-trips through AES-256-GCM with a fresh IV each time, and detects tampering', () => {
    const first = encryptNiNumber('AB123456C', key);
    const second = encryptNiNumber('AB123456C', key);
    expect(first).not.toEqual(second);
    expect(decryptNiNumber(first, key)).toBe('AB123456C');
    first[14] = (first[14]! + 1) % 256;
    expect(() => decryptNiNumber(first, key)).toThrow();
  });

  it('masks all but the prefix and suffix', () => {
    expect(maskNiNumber(normaliseNiNumber('ab123456c'))).toBe('AB •• •• •• C');
  });
});
