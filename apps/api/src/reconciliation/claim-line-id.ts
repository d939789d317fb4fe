// A reconciliation run does not store its claims' lines (they are recomputed
// on demand), yet each line needs a stable id that the results list hands out
// and a dispute can be raised against. The id is the claim id XOR a mask
// derived from the run id: stable, different per run, and reversible given the
// run — so a dispute on a line id finds its claim among the caller's runs.
// The mask leaves the UUID version and variant bits alone, so a line id is as
// valid a UUID as the claim id it stands for.
import { createHash } from 'node:crypto';

const toBytes = (uuid: string): Buffer => Buffer.from(uuid.replaceAll('-', ''), 'hex');
const toUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function maskOf(runId: string): Buffer {
  const mask = createHash('sha256').update(`reconciliation-line:${runId}`).digest().subarray(0, 16);
  mask[6] = mask[6]! & 0x0f; // version nibble
  mask[8] = mask[8]! & 0x3f; // variant bits
  return mask;
}

function xor(uuid: string, mask: Buffer): string {
  const bytes = toBytes(uuid);
  for (let i = 0; i < 16; i++) bytes[i] = bytes[i]! ^ mask[i]!;
  return toUuid(bytes);
}

/** The id of a claim's line in a run. */
export const claimLineId = (runId: string, claimId: string): string => xor(claimId, maskOf(runId));

/** The claim a line id of that run stands for (claimLineId's inverse). */
export const claimOfLineId = (runId: string, lineId: string): string => xor(lineId, maskOf(runId));
