// National Insurance numbers: never stored in clear. A keyed HMAC (for
// matching referrals, duplicates and earnings data without decrypting) and
// AES-256-GCM ciphertext (for the few authorised users who must see it).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** HMRC format: two prefix letters (with excluded combinations), six digits, suffix A–D. */
const NI_NUMBER = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/;

export function normaliseNiNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isValidNiNumber(value: string): boolean {
  return NI_NUMBER.test(normaliseNiNumber(value));
}

export function hmacNiNumber(niNumber: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(normaliseNiNumber(niNumber)).digest();
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * iv (12) ‖ ciphertext ‖ tag (16). `iv` must be fresh random bytes for every
 * call (a bulk caller passes slices of one large randomBytes draw: per-call
 * randomBytes costs more than the encryption).
 */
export function encryptNiNumber(
  niNumber: string,
  key: Buffer,
  iv: Buffer = randomBytes(IV_BYTES),
): Buffer {
  if (iv.length !== IV_BYTES) throw new Error(`AES-GCM iv must be ${IV_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([
    cipher.update(normaliseNiNumber(niNumber), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

export function decryptNiNumber(sealed: Buffer, key: Buffer): string {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}

/** What everyone else sees: e.g. "AB •• •• •• C". */
export function maskNiNumber(niNumber: string): string {
  const value = normaliseNiNumber(niNumber);
  return `${value.slice(0, 2)} •• •• •• ${value.slice(-1)}`;
}
