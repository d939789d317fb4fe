import { RandomPool, SequentialIds } from './sequential-ids';

describe('SequentialIds', () => {
  it('makes UUIDv7s that ascend strictly, even thousands within one millisecond', () => {
    const ids = new SequentialIds(new RandomPool());
    const made = Array.from({ length: 20_000 }, () => ids.next());
    for (const id of made)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < made.length; i++) expect(made[i]! > made[i - 1]!).toBe(true);
    expect(new Set(made).size).toBe(made.length);
  });

  it('hands out fresh random bytes across pool refills', () => {
    const random = new RandomPool();
    const taken = Array.from({ length: 10_000 }, () => random.take(12).toString('hex'));
    expect(new Set(taken).size).toBe(taken.length);
  });
});
