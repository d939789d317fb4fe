-- Foundation: extensions and the first table. The full domain model follows
-- in later migrations.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TYPE "OrganisationKind" AS ENUM ('COMMISSIONER', 'PRIME', 'SUBCONTRACTOR', 'REFERRAL_PARTNER', 'PLATFORM');

CREATE TABLE organisation (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  kind       "OrganisationKind" NOT NULL,
  created_at timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT organisation_name_key UNIQUE (name)
);
