// The global search's SQL, one statement per kind of record, each run in the
// caller's party scope so row-level security decides what is found. Every
// branch starts from an index probe on the value searched for (migration
// 20261207300000_global_search): a reference, an NI number's keyed hash, a
// record id, or an organisation name's trigrams. Matches are UNION ALL
// branches rather than ORs, so each branch keeps its own index (an OR across
// columns or sub-selects can turn into a scan of the whole table).
// bench/search.ts EXPLAINs these texts at scale.
//
// Parameters common to every statement: $1 the query as typed, upper-cased
// and lower-cased (references match one of them whole, through plain
// equality, which row-level security lets an index answer: see the
// migration), $2 the query as a record id (NULL unless it is a UUID), $3 the
// most rows wanted. Names are joined where the caller's slice
// reaches them (LEFT JOINs: a referral partner does not see the subcontract
// its referral went to, and the row is still found).

/** Every kind of record belongs to a programme and (but for a programme-wide row) a prime contract: their names. */
const PROGRAMME_AND_PRIME = `JOIN programme pg ON pg.id = hit.programme_id
    LEFT JOIN prime_contract pc ON pc.id = hit.prime_contract_id
    LEFT JOIN organisation prime ON prime.id = pc.prime_id`;

/** Who delivers under the subcontract in `column` (nothing for a prime delivering itself or a caller who cannot see it). */
const deliveredBy = (column: string) => `LEFT JOIN subcontract s ON s.id = ${column}
    LEFT JOIN organisation delivery ON delivery.id = s.subcontractor_id`;

/** The branch matching the record whose id is the query ($2). */
const byId = (table: string, alias: string) =>
  `SELECT ${alias}.*, 'ID' FROM ${table} ${alias} WHERE ${alias}.id = $2::uuid`;

/** $4: the NI number's keyed hash (NULL unless the query is an NI number). */
export const PARTICIPANTS_SQL = `
  WITH hit AS (
    SELECT p.id, p.reference, p.programme_id, p.prime_contract_id, 'REFERENCE' AS matched_on FROM participant p WHERE p.reference = ANY($1::text[])
    UNION ALL
    SELECT p.id, p.reference, p.programme_id, p.prime_contract_id, 'NI_NUMBER' FROM participant p WHERE p.ni_number_hmac = $4::bytea
    UNION ALL
    SELECT p.id, p.reference, p.programme_id, p.prime_contract_id, 'ID' FROM participant p WHERE p.id = $2::uuid
  )
  SELECT 'PARTICIPANT' AS kind, hit.id, hit.matched_on AS "matchedOn", hit.reference AS title, hit.reference AS "participantReference",
         latest.status::text AS status, pg.name AS "programmeName", prime.name AS "primeName", delivery.name AS "deliveredByName",
         partner.name AS "referredByName", latest.received_at AS "receivedAt", latest.id AS "referralId"
    FROM hit
    ${PROGRAMME_AND_PRIME}
    LEFT JOIN LATERAL (
      SELECT r.id, r.status, r.received_at, r.subcontract_id, r.referral_partner_id
        FROM referral r WHERE r.participant_id = hit.id
       ORDER BY r.received_at DESC, r.id DESC LIMIT 1
    ) latest ON true
    ${deliveredBy('latest.subcontract_id')}
    LEFT JOIN organisation partner ON partner.id = latest.referral_partner_id
   ORDER BY hit.reference, hit.id
   LIMIT $3`;

export const REFERRALS_SQL = `
  WITH hit AS (
    SELECT r.*, 'EXTERNAL_REFERENCE' AS matched_on FROM referral r WHERE r.external_reference IS NOT NULL AND r.external_reference = ANY($1::text[])
    UNION ALL
    ${byId('referral', 'r')}
  )
  SELECT 'REFERRAL' AS kind, hit.id, hit.matched_on AS "matchedOn", COALESCE(hit.external_reference, p.reference, '') AS title,
         p.reference AS "participantReference", hit.status::text AS status, pg.name AS "programmeName", prime.name AS "primeName",
         delivery.name AS "deliveredByName", partner.name AS "referredByName", hit.received_at AS "receivedAt", hit.id AS "referralId"
    FROM hit
    JOIN programme pg ON pg.id = hit.programme_id
    LEFT JOIN participant p ON p.id = hit.participant_id
    LEFT JOIN prime_contract pc ON pc.id = hit.prime_contract_id
    LEFT JOIN organisation prime ON prime.id = pc.prime_id
    ${deliveredBy('hit.subcontract_id')}
    LEFT JOIN organisation partner ON partner.id = hit.referral_partner_id
   ORDER BY hit.received_at DESC, hit.id
   LIMIT $3`;

/** Claims by id, by the reference of the submission that batched them, or by their participant's reference. */
export const CLAIMS_SQL = `
  WITH hit AS (
    SELECT c.id, c.referral_id, c.programme_id, c.prime_contract_id, c.subcontract_id, c.milestone_type_id, c.milestone_on, c.amount_pence, c.status,
           'SUBMISSION_REFERENCE' AS matched_on, cs.reference AS title
      FROM claim_submission cs JOIN claim c ON c.submission_id = cs.id
     WHERE cs.reference = ANY($1::text[])
    UNION ALL
    SELECT c.id, c.referral_id, c.programme_id, c.prime_contract_id, c.subcontract_id, c.milestone_type_id, c.milestone_on, c.amount_pence, c.status,
           'PARTICIPANT_REFERENCE', p.reference
      FROM participant p JOIN referral r ON r.participant_id = p.id JOIN claim c ON c.referral_id = r.id
     WHERE p.reference = ANY($1::text[])
    UNION ALL
    SELECT c.id, c.referral_id, c.programme_id, c.prime_contract_id, c.subcontract_id, c.milestone_type_id, c.milestone_on, c.amount_pence, c.status,
           'ID', NULL
      FROM claim c WHERE c.id = $2::uuid
  )
  SELECT 'CLAIM' AS kind, hit.id, hit.matched_on AS "matchedOn", COALESCE(hit.title, p.reference, '') AS title, p.reference AS "participantReference",
         hit.status::text AS status, pg.name AS "programmeName", prime.name AS "primeName", delivery.name AS "deliveredByName",
         mt.name AS "milestoneName", hit.milestone_on::text AS "milestoneOn", hit.amount_pence::text AS "amountPence", hit.referral_id AS "referralId"
    FROM hit
    JOIN programme pg ON pg.id = hit.programme_id
    JOIN milestone_type mt ON mt.id = hit.milestone_type_id
    LEFT JOIN referral r ON r.id = hit.referral_id
    LEFT JOIN participant p ON p.id = r.participant_id
    LEFT JOIN prime_contract pc ON pc.id = hit.prime_contract_id
    LEFT JOIN organisation prime ON prime.id = pc.prime_id
    ${deliveredBy('hit.subcontract_id')}
   ORDER BY hit.milestone_on DESC, hit.id
   LIMIT $3`;

export const REMITTANCES_SQL = `
  WITH hit AS (
    SELECT rm.*, 'PAID_REFERENCE' AS matched_on FROM remittance rm WHERE rm.paid_reference IS NOT NULL AND rm.paid_reference = ANY($1::text[])
    UNION ALL
    ${byId('remittance', 'rm')}
  )
  SELECT 'REMITTANCE' AS kind, hit.id, hit.matched_on AS "matchedOn", COALESCE(hit.paid_reference, '') AS title, hit.status::text AS status,
         pg.name AS "programmeName", prime.name AS "primeName", hit.period_start::text AS "periodStart", hit.period_end::text AS "periodEnd",
         hit.paid_on::text AS "paidOn"
    FROM hit
    ${PROGRAMME_AND_PRIME}
   ORDER BY hit.period_end DESC, hit.id
   LIMIT $3`;

/**
 * No total here: summing subcontractor_payment_line under its policy
 * (`subcontractor_payment_id IN (SELECT id FROM subcontractor_payment)`) reads
 * every payment the caller can see (17–30 ms at 200k referrals,
 * bench/results/search-200000.md, and growing with the table); the payment's
 * page shows it.
 */
export const SUBCONTRACTOR_PAYMENTS_SQL = `
  WITH hit AS (
    SELECT sp.*, 'PAID_REFERENCE' AS matched_on FROM subcontractor_payment sp WHERE sp.paid_reference IS NOT NULL AND sp.paid_reference = ANY($1::text[])
    UNION ALL
    ${byId('subcontractor_payment', 'sp')}
  )
  SELECT 'SUBCONTRACTOR_PAYMENT' AS kind, hit.id, hit.matched_on AS "matchedOn", COALESCE(hit.paid_reference, '') AS title, hit.status::text AS status,
         pg.name AS "programmeName", prime.name AS "primeName", delivery.name AS "deliveredByName", hit.period_start::text AS "periodStart",
         hit.period_end::text AS "periodEnd", hit.due_on::text AS "dueOn", hit.paid_on::text AS "paidOn"
    FROM hit
    ${PROGRAMME_AND_PRIME}
    ${deliveredBy('hit.subcontract_id')}
   ORDER BY hit.period_end DESC, hit.id
   LIMIT $3`;

/**
 * Organisations have no row-level security (every party reads names: a
 * claim shows its subcontractor's), so the search keeps to the caller's
 * world itself: its own organisation, and the primes, commissioners,
 * subcontractors and referral partners of the contracts, subcontracts and
 * areas it can see — each of those sub-selects under the caller's row-level
 * security. The platform operator sees every organisation.
 * $1 here is the query lower-cased (names that are it, or start with it,
 * come first), $4: LIKE pattern on lower(name) (NULL for a query under two
 * characters), $5: the caller's organisation, $6: whether the caller is the
 * platform operator.
 */
export const ORGANISATIONS_SQL = `
  WITH hit AS (
    SELECT o.id, o.name, o.kind, 'NAME' AS matched_on FROM organisation o WHERE lower(o.name) LIKE $4
    UNION ALL
    SELECT o.id, o.name, o.kind, 'ID' FROM organisation o WHERE o.id = $2::uuid
  )
  SELECT 'ORGANISATION' AS kind, hit.id, hit.matched_on AS "matchedOn", hit.name AS title, hit.kind::text AS "organisationKind",
         (SELECT s.id FROM subcontract s WHERE s.subcontractor_id = hit.id ORDER BY s.starts_on DESC, s.id LIMIT 1) AS "subcontractId"
    FROM hit
   WHERE $6::boolean
      OR hit.id = $5::uuid
      OR EXISTS (SELECT 1 FROM prime_contract pc WHERE pc.prime_id = hit.id)
      OR EXISTS (SELECT 1 FROM prime_contract pc JOIN programme pg ON pg.id = pc.programme_id WHERE pg.commissioner_id = hit.id)
      OR EXISTS (SELECT 1 FROM subcontract s WHERE s.subcontractor_id = hit.id)
      OR EXISTS (SELECT 1 FROM referral_partner_area rpa WHERE rpa.referral_partner_id = hit.id)
   ORDER BY lower(hit.name) = $1 DESC, starts_with(lower(hit.name), $1) DESC, hit.name, hit.id
   LIMIT $3`;
