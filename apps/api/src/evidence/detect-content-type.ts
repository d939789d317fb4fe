// What a file is, from its first bytes (magic numbers), never from its name or
// the Content-Type the browser sent.
export const EVIDENCE_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

const SIGNATURES: { type: string; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }, // \x89PNG\r\n\x1a\n
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8
  { type: 'application/zip (e.g. a Word or Excel file)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/x-msdownload (an executable)', bytes: [0x4d, 0x5a] }, // MZ
];

export function detectContentType(head: Buffer): string {
  const found = SIGNATURES.find(
    ({ bytes }) => head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte),
  );
  if (found) return found.type;
  if (head.length === 0) return 'an empty file';
  const sample = head.subarray(0, 512);
  const isText = sample.every(
    (byte) =>
      byte === 0x09 ||
      byte === 0x0a ||
      byte === 0x0d ||
      (byte >= 0x20 && byte < 0x7f) ||
      byte >= 0x80,
  );
  return isText ? 'text/plain' : 'application/octet-stream (unrecognised)';
}

export function isEvidenceContentType(type: string): type is EvidenceContentType {
  return (EVIDENCE_CONTENT_TYPES as readonly string[]).includes(type);
}
