// Which claims a party sees, as SQL the repositories of the claim areas share:
// the commissioner of the programme, the prime holding the contract, and the
// subcontractor delivering it. Row-level security enforces the same slice.
/** `$n` is the caller's organisation id. */
export function visibleClaimSql(claimAlias: string, organisationParam: string): string {
  return `(${claimAlias}.prime_contract_id IN (
      SELECT pc.id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id
      WHERE pc.prime_id = ${organisationParam} OR p.commissioner_id = ${organisationParam})
    OR ${claimAlias}.subcontract_id IN (SELECT s.id FROM subcontract s WHERE s.subcontractor_id = ${organisationParam}))`;
}
