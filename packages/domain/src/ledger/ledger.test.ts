import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { balancesByAccount } from './balances-by-account.js';
import { isBalanced } from './is-balanced.js';
import { LedgerError } from './ledger.errors.js';
import { postTransfer, type LedgerEntry } from './post-transfer.js';

const aTransfer = (overrides: Partial<Parameters<typeof postTransfer>[0]> = {}) =>
  postTransfer({
    transactionId: 't1',
    fromAccount: 'commissioner',
    toAccount: 'prime',
    amountPence: 1_200_00n,
    date: '2026-06-01',
    description: 'remittance',
    ...overrides,
  });

describe('ledger', () => {
  it('posts a transfer as two equal and opposite entries', () => {
    const [debit, credit] = aTransfer();
    expect(debit).toMatchObject({ account: 'commissioner', amountPence: -1_200_00n });
    expect(credit).toMatchObject({ account: 'prime', amountPence: 1_200_00n });
    expect(isBalanced([debit, credit])).toBe(true);
  });

  it('refuses zero amounts and transfers to the same account', () => {
    try {
      aTransfer({ amountPence: 0n });
    } catch (error) {
      expect((error as DomainError).code).toBe(LedgerError.NON_POSITIVE_AMOUNT);
    }
    expect(() => aTransfer({ toAccount: 'commissioner' })).toThrow(DomainError);
  });

  it('spots a one-sided entry', () => {
    expect(isBalanced([{ transactionId: 't', amountPence: 5n }])).toBe(false);
  });

  it('sums to zero per transaction and overall for any sequence of transfers', () => {
    const accounts = ['commissioner', 'prime', 'sub-a', 'sub-b'];
    const transfer = fc
      .record({
        from: fc.constantFrom(...accounts),
        to: fc.constantFrom(...accounts),
        amountPence: fc.bigInt({ min: 1n, max: 10n ** 9n }),
      })
      .filter((t) => t.from !== t.to);
    fc.assert(
      fc.property(fc.array(transfer, { maxLength: 30 }), (transfers) => {
        const entries: LedgerEntry[] = transfers.flatMap((t, i) =>
          postTransfer({
            transactionId: `t${i}`,
            fromAccount: t.from,
            toAccount: t.to,
            amountPence: t.amountPence,
            date: '2026-06-01',
            description: '',
          }),
        );
        expect(isBalanced(entries)).toBe(true);
        expect([...balancesByAccount(entries).values()].reduce((a, b) => a + b, 0n)).toBe(0n);
      }),
    );
  });
});
