// Loads every area's error codes (each <area>.errors.ts registers its own with
// common/errors/error-codes.ts), so the registry is whole — and a code declared
// twice is refused — at start-up, before the first request; tests that check the
// whole table import this file. A new area adds one line.
import './common/idempotency/idempotency.errors';
import './alerts/alerts.errors';
import './auth/auth.errors';
import './claim-queries/claim-queries.errors';
import './claim-samples/claim-samples.errors';
import './claims/claims.errors';
import './data-matches/data-matches.errors';
import './data-protection/data-protection.errors';
import './evidence/evidence.errors';
import './journeys/journeys.errors';
import './programmes/programmes.errors';
import './reconciliation/reconciliation.errors';
import './referral-imports/referral-imports.errors';
import './referrals/referrals.errors';
import './remittances/remittances.errors';
import './subcontractor-payments/subcontractor-payments.errors';
import './subcontracts/subcontracts.errors';
import './supply-chain/supply-chain.errors';
import './users/users.errors';
