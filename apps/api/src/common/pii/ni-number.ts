// NI number handling lives in @waymark/db (the seed stores NI numbers the same way); the API uses it from here.
export {
  decryptNiNumber,
  encryptNiNumber,
  hmacNiNumber,
  isValidNiNumber,
  maskNiNumber,
  normaliseNiNumber,
} from '@waymark/db';
