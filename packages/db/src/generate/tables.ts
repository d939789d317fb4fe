// Columns written for each table, and the order tables are flushed in
// (parents before children, so foreign keys hold at every flush).
export const TABLE_COLUMNS = {
  organisation: ['id', 'name', 'kind', 'company_number', 'charity_number', 'turnover_band', 'sector_type', 'specialisms', 'created_at'],
  app_user: ['id', 'organisation_id', 'email', 'display_name', 'password_hash', 'roles', 'is_active', 'created_at'],
  programme: ['id', 'commissioner_id', 'name', 'starts_on', 'ends_on', 'eligibility', 'created_at'],
  contract_area: ['id', 'programme_id', 'name', 'region'],
  payment_group: ['id', 'programme_id', 'code', 'name', 'description'],
  milestone_type: ['id', 'programme_id', 'code', 'name'],
  payment_model: ['id', 'programme_id', 'name', 'created_at'],
  payment_model_version: ['id', 'payment_model_id', 'version', 'effective_from', 'effective_to', 'definition', 'status', 'change_note', 'created_at', 'published_at'],
  tariff: ['id', 'payment_model_version_id', 'payment_group_id', 'milestone_type_id', 'amount_pence'],
  prime_contract: ['id', 'programme_id', 'contract_area_id', 'prime_id', 'payment_model_id', 'reference', 'value_cap_pence', 'starts_on', 'ends_on', 'minimum_performance_level_bp', 'created_at'],
  bid_commitment: ['id', 'prime_contract_id', 'subcontractor_id', 'planned_spend_share_bp', 'planned_referral_share_bp'],
  subcontract: ['id', 'programme_id', 'prime_contract_id', 'subcontractor_id', 'tier', 'specialisms', 'terms_kind', 'terms', 'management_fee_bp', 'payment_sla_days', 'expected_referral_volume', 'capacity', 'starts_on', 'ends_on', 'created_at'],
  subcontract_payment_group: ['subcontract_id', 'payment_group_id'],
  ledger_account: ['id', 'organisation_id', 'programme_id', 'code', 'name', 'created_at'],
  participant: ['id', 'programme_id', 'prime_contract_id', 'reference', 'ni_number_hmac', 'ni_number_ciphertext', 'benefit_type', 'date_of_birth', 'created_at'],
  participant_special_category: ['participant_id', 'programme_id', 'prime_contract_id', 'data', 'recorded_by_user_id', 'recorded_at'],
  needs_assessment: ['id', 'programme_id', 'prime_contract_id', 'participant_id', 'barriers', 'payment_group_id', 'rule_id', 'explanation', 'assessed_by_user_id', 'assessed_at'],
  referral: ['id', 'programme_id', 'prime_contract_id', 'referral_partner_id', 'participant_id', 'external_reference', 'status', 'subcontract_id', 'allocation_rule', 'allocation_reason', 'received_at', 'accepted_at', 'allocated_at', 'attached_on', 'exited_on', 'exit_reason'],
  referral_transition: ['id', 'programme_id', 'prime_contract_id', 'referral_id', 'from_status', 'to_status', 'by_user_id', 'at', 'reason'],
  activity: ['id', 'programme_id', 'prime_contract_id', 'referral_id', 'kind', 'occurred_on', 'notes', 'recorded_by_user_id', 'created_at'],
  claim_submission: ['id', 'programme_id', 'prime_contract_id', 'reference', 'submitted_by_user_id', 'submitted_at'],
  claim: ['id', 'programme_id', 'prime_contract_id', 'referral_id', 'subcontract_id', 'milestone_type_id', 'occurrence', 'milestone_on', 'tariff_id', 'amount_pence', 'status', 'submission_id', 'created_by_user_id', 'created_at', 'submitted_at', 'decided_at'],
  claim_transition: ['id', 'programme_id', 'prime_contract_id', 'claim_id', 'from_status', 'to_status', 'by_user_id', 'at', 'reason'],
  claim_query: ['id', 'programme_id', 'prime_contract_id', 'claim_id', 'subject', 'raised_by_user_id', 'raised_at', 'resolved_at'],
  claim_query_message: ['id', 'claim_query_id', 'author_user_id', 'body', 'sent_at'],
  remittance: ['id', 'programme_id', 'prime_contract_id', 'period_start', 'period_end', 'status', 'paid_reference', 'paid_on', 'created_at'],
  remittance_line: ['id', 'programme_id', 'prime_contract_id', 'remittance_id', 'claim_id', 'amount_pence'],
  subcontractor_payment: ['id', 'programme_id', 'prime_contract_id', 'subcontract_id', 'period_start', 'period_end', 'due_on', 'status', 'paid_reference', 'paid_on', 'created_at'],
  subcontractor_payment_line: ['id', 'programme_id', 'prime_contract_id', 'subcontractor_payment_id', 'claim_id', 'description', 'gross_pence', 'management_fee_pence', 'amount_pence'],
  ledger_transaction: ['id', 'programme_id', 'prime_contract_id', 'description', 'remittance_id', 'subcontractor_payment_id', 'occurred_at', 'created_by_user_id'],
  ledger_entry: ['id', 'programme_id', 'prime_contract_id', 'transaction_id', 'account_id', 'amount_pence', 'created_at'],
} as const;

export type TableName = keyof typeof TABLE_COLUMNS;

export const TABLE_ORDER = Object.keys(TABLE_COLUMNS) as TableName[];

/** Tables that grow with referrals; the generator bulk-loads these without their indexes. */
export const LARGE_TABLES: readonly TableName[] = [
  'participant',
  'participant_special_category',
  'needs_assessment',
  'referral',
  'referral_transition',
  'activity',
  'claim',
  'claim_transition',
  'claim_query',
  'claim_query_message',
  'remittance_line',
  'subcontractor_payment_line',
  'ledger_transaction',
  'ledger_entry',
];
