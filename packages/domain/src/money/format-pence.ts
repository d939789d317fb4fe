/** `1234n → "£12.34"`, `-123456n → "-£1,234.56"`. */
export function formatPence(amountPence: bigint): string {
  const negative = amountPence < 0n;
  const magnitude = negative ? -amountPence : amountPence;
  const pounds = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pence = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}£${pounds}.${pence}`;
}
