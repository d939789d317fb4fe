// How a search query is read: as references, a record id, an NI number
// (hashed here with the PII key — never sent to the database or stored in
// clear) and an organisation-name fragment. No Nest here: bench/search.ts uses it too.
import { hmacNiNumber, isValidNiNumber } from '../common/pii/ni-number';
import { type SearchTerms } from './search.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Shorter fragments of a name would match most organisations. */
const MIN_NAME_FRAGMENT = 2;

/** `%fragment%` for LIKE on lower(name), with LIKE's own wildcards in the fragment taken literally. */
function containsPattern(fragment: string): string {
  return `%${fragment.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}

/** How the query is read: as a reference, a record id, an NI number (hashed here, never sent or stored in clear), a name fragment. */
export function readSearchTerms(query: string, limit: number, piiHmacKey: Buffer): SearchTerms {
  return {
    references: [...new Set([query, query.toUpperCase(), query.toLowerCase()])],
    lowered: query.toLowerCase(),
    id: UUID.test(query) ? query.toLowerCase() : null,
    niNumberHmac: isValidNiNumber(query) ? hmacNiNumber(query, piiHmacKey) : null,
    namePattern: query.length >= MIN_NAME_FRAGMENT ? containsPattern(query) : null,
    limit,
  };
}
