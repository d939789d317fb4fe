// Audit events in words: the record type and the action, never the dotted codes the trail stores. Part of the one
// dictionary (words.ts registers both as vocabularies): the API's audit browsing and its CSV, and the portal, read
// them from here. Every action the API records is named (audit-trail.test.ts checks a sample); a code not yet
// named reads as its words with the hyphens taken out, never as a code.

export const RECORD_TYPE: Readonly<Record<string, string>> = {
  alert: 'Alert',
  api_key: 'API key',
  app_user: 'User',
  auth_session: 'Sign-in session',
  backup_test: 'Backup test',
  bank_statement_import: 'Bank statement import',
  claim: 'Claim',
  claim_query: 'Claim query',
  claim_sample: 'Claim sample',
  claim_submission: 'Claim submission',
  contract_area: 'Contract area',
  data_match_upload: 'Data match upload',
  data_subject_request: 'Data subject request',
  due_diligence_record: 'Due-diligence record',
  evidence: 'Evidence',
  invitation: 'Invitation',
  organisation: 'Organisation',
  participant: 'Participant',
  payment_model: 'Payment model',
  payment_model_version: 'Payment model version',
  prime_contract: 'Prime contract',
  programme: 'Programme',
  reconciliation_dispute: 'Reconciliation dispute',
  reconciliation_run: 'Reconciliation',
  referral: 'Referral',
  referral_import: 'Bulk referral upload',
  remittance: 'Remittance',
  retention_run: 'Retention run',
  subcontract: 'Subcontract',
  subcontractor_payment: 'Subcontractor payment',
};

export const AUDIT_ACTION: Readonly<Record<string, string>> = {
  'alert-threshold.set': 'Alert thresholds set',
  'alert.acknowledge': 'Alert acknowledged',
  'alerts.scan': 'Alerts scanned',
  'api-key.create': 'API key created',
  'api-key.revoke': 'API key revoked',
  'auth.change-password': 'Password changed',
  'auth.refresh-token-reused': 'Reused sign-in token refused (session ended)',
  'auth.sign-in': 'Signed in',
  'auth.sign-out': 'Signed out',
  'bank-statement.import': 'Bank statement imported',
  'claim-query.message': 'Claim query answered',
  'claim-query.resolve': 'Claim query resolved',
  'claim-sample.check': 'Sampled claim checked',
  'claim-sample.close': 'Claim sample closed',
  'claim-sample.draw': 'Claim sample drawn',
  'claim-submission.create': 'Claims sent to the commissioner',
  'claim.draft': 'Claim drafted',
  'claim.submitted': 'Claim submitted to the prime',
  'claim.prime-approved': 'Claim approved by the prime',
  'claim.prime-rejected': 'Claim rejected by the prime',
  'claim.prime-queried': 'Claim queried by the prime',
  'claim.submitted-to-commissioner': 'Claim sent to the commissioner',
  'claim.approved': 'Claim approved by the commissioner',
  'claim.rejected': 'Claim rejected by the commissioner',
  'claim.queried': 'Claim queried by the commissioner',
  'claim.paid': 'Claim paid',
  'claim.clawed-back': 'Claim clawed back',
  'claim.withdrawn': 'Claim withdrawn',
  'claim.evidence-override': 'Claim allowed without its evidence (override)',
  'claim.evidence-override-withdrawn': 'Evidence override withdrawn',
  'contract-area.set-referral-partners': 'Referral partners for the area set',
  'data-match.upload': 'Data match file uploaded',
  'data-subject-request.create': 'Data subject request received',
  'data-subject-request.execute': 'Data subject request carried out',
  'due-diligence.record': 'Due-diligence document recorded',
  'due-diligence.notify-expiry': 'Told that a due-diligence document is expiring',
  'evidence.download': 'Evidence downloaded',
  'evidence.purge': 'Evidence deleted (retention)',
  'evidence.upload': 'Evidence uploaded',
  'journey.log-activity': 'Activity logged',
  'open-data.release': 'Open data published',
  'participant.needs-assess': 'Needs assessed',
  'participant.pseudonymise': 'Participant pseudonymised',
  'participant.read-ni-number': 'National Insurance number viewed',
  'participant.read-special-category': 'Special category data viewed',
  'participant.rectify': 'Participant details corrected',
  'participant.subject-access-export': 'Subject access export made',
  'payment-model-version.close': 'Payment model version closed',
  'payment-model-version.draft': 'Payment model version drafted',
  'payment-model-version.edit': 'Payment model version edited',
  'payment-model-version.publish': 'Payment model version published',
  'payment-model-version.return': 'Payment model version returned for changes',
  'payment-model-version.submit': 'Payment model version submitted for approval',
  'payment-model.create': 'Payment model created',
  'prime-contract.create': 'Prime contract created',
  'prime-contract.declare-allocation-policy': 'Allocation policy declared',
  'programme.add-contract-area': 'Contract area added',
  'programme.create': 'Programme created',
  'programme.set-late-recording-days': 'Days allowed for late recording changed',
  'reconciliation-dispute.answer': 'Reconciliation dispute answered',
  'reconciliation-dispute.raise': 'Reconciliation dispute raised',
  'reconciliation-dispute.resolve': 'Reconciliation dispute resolved',
  'reconciliation.run': 'Reconciliation run',
  'referral-import.complete': 'Bulk referral upload completed',
  'referral-import.fail': 'Bulk referral upload failed',
  'referral-import.upload': 'Bulk referral file uploaded',
  'referral.create': 'Referral made',
  'referral.accepted': 'Referral accepted',
  'referral.rejected': 'Referral rejected',
  'referral.allocated': 'Referral allocated',
  'referral.attached': 'Participant attached',
  'referral.exited': 'Participant exited',
  'referral.exit': 'Participant exited',
  'referral.transfer': 'Caseload transferred',
  'remittance.export': 'Remittance exported',
  'remittance.mark-paid': 'Remittance marked paid',
  'remittance.run': 'Remittance run',
  'retention-policy.set': 'Retention policy set',
  'search.ni-number': 'Participants searched by National Insurance number',
  'statement.read': 'Statement read',
  'subcontract.create': 'Subcontract created',
  'subcontract.propose-variation': 'Subcontract variation proposed',
  'subcontractor-payment.approve': 'Subcontractor payment approved',
  'subcontractor-payment.mark-paid': 'Subcontractor payment marked paid',
  'subcontractor-payment.run': 'Subcontractor payment run',
  'user.accept-invitation': 'Invitation accepted',
  'user.invite': 'User invited',
  'user.revoke-invitation': 'Invitation revoked',
};

/** Capitalised words from a code: `prime-approved` → `Prime approved`. */
function words(code: string): string {
  const spaced = code
    .replace(/[-_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** An audit action in words: `claim.approved` → "Claim approved by the commissioner"; an unnamed one as "Record: verb". */
export function describeAuditAction(action: string): string {
  const known = AUDIT_ACTION[action];
  if (known) return known;
  const [record = '', verb = ''] = action.split('.', 2);
  return `${RECORD_TYPE[record.replace(/-/g, '_')] ?? words(record)}: ${words(verb).toLowerCase()}`;
}

export function describeRecordType(entityType: string): string {
  return RECORD_TYPE[entityType] ?? words(entityType);
}

/** The actions a person may filter by, in words, sorted by their words. */
export function knownAuditActions(): { action: string; description: string }[] {
  return Object.entries(AUDIT_ACTION)
    .map(([action, description]) => ({ action, description }))
    .sort((a, b) => a.description.localeCompare(b.description, 'en-GB'));
}

export function knownRecordTypes(): { entityType: string; description: string }[] {
  return Object.entries(RECORD_TYPE)
    .map(([entityType, description]) => ({ entityType, description }))
    .sort((a, b) => a.description.localeCompare(b.description, 'en-GB'));
}
