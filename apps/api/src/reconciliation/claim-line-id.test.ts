import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { claimLineId, claimOfLineId } from './claim-line-id';

describe('claim line ids', () => {
  it('are stable, differ per run, stay valid UUIDs and give back the claim', () => {
    for (let i = 0; i < 200; i++) {
      const [run, other, claim] = [randomUUID(), randomUUID(), randomUUID()];
      const id = claimLineId(run, claim);
      expect(claimLineId(run, claim)).toBe(id);
      expect(claimLineId(other, claim)).not.toBe(id);
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(claimOfLineId(run, id)).toBe(claim);
    }
  });
});
