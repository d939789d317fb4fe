import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findRepoRoot } from '../repo-root';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { compareDatabaseWithPrismaSchema } from './compare-database-with-prisma-schema';

const schemaPath = path.join(findRepoRoot(), 'prisma', 'schema');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function writeTempSchema(models: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-drift-'));
  const file = path.join(dir, 'schema.prisma');
  fs.writeFileSync(file, `datasource db {\n  provider = "postgresql"\n}\n\n${models}`);
  return file;
}

describe('schema drift', () => {
  it('finds no difference between the migrated database and prisma/schema', async () => {
    const differences = await compareDatabaseWithPrismaSchema({ databaseUrl: db.url, schemaPath });
    expect(differences).toEqual([]);
  });

  it('names each way a Prisma schema can diverge from the database', async () => {
    // A small, self-contained database in its own Postgres schema…
    await db.pool.query(`
      CREATE SCHEMA drift_probe;
      CREATE TYPE drift_probe."Colour" AS ENUM ('RED', 'GREEN');
      CREATE TYPE drift_probe."Leftover" AS ENUM ('X');
      CREATE TABLE drift_probe.widget (
        id         uuid PRIMARY KEY,
        name       text NOT NULL,
        size       integer NOT NULL,
        colour     drift_probe."Colour" NOT NULL,
        note       text,
        made_at    timestamptz NOT NULL,
        tags       text[] NOT NULL DEFAULT '{}',
        legacy     text,
        CONSTRAINT widget_name_key UNIQUE (name)
      );
      CREATE INDEX widget_size_idx ON drift_probe.widget (size);
      CREATE INDEX widget_live_idx ON drift_probe.widget (size) WHERE note IS NULL; -- partial: ignored
      CREATE INDEX widget_lower_idx ON drift_probe.widget (lower(name));           -- expression: ignored
      CREATE TABLE drift_probe.orphan (id integer PRIMARY KEY);
    `);
    // …and a Prisma schema that disagrees with it in every way the test knows.
    const divergent = writeTempSchema(`
enum Colour {
  RED
  GREEN
  BLUE
}

model Widget {
  id       String   @id @db.Uuid
  name     String
  size     BigInt
  colour   Colour
  note     String
  madeAt   DateTime @map("made_at") @db.Timestamptz(6)
  tags     String[]
  weightKg Int      @map("weight_kg")

  @@unique([name, colour])
  @@index([colour])
  @@map("widget")
}

model Gadget {
  id Int @id
  @@map("gadget")
}
`);

    const differences = await compareDatabaseWithPrismaSchema({
      databaseUrl: db.url,
      schemaPath: divergent,
      databaseSchema: 'drift_probe',
    });

    expect(differences).toEqual(
      [
        'column widget.legacy: in the database but not in the Prisma schema',
        'column widget.note: nullable in the database but NOT NULL in the Prisma schema',
        'column widget.size: type is integer in the database but bigint in the Prisma schema',
        'column widget.weight_kg: in the Prisma schema but not in the database',
        'enum Colour: value BLUE is in the Prisma schema but not in the database',
        'enum Leftover: in the database but not in the Prisma schema',
        'index widget(colour): in the Prisma schema but not in the database',
        'index widget(size): in the database but not in the Prisma schema',
        'table gadget: in the Prisma schema but not in the database',
        'table orphan: in the database but not in the Prisma schema',
        'unique widget(name): in the database but not in the Prisma schema',
        'unique widget(name, colour): in the Prisma schema but not in the database',
      ].sort(),
    );
  });

  it('notices a change made to the migrated database behind Prisma’s back', async () => {
    const clone = await createTestDatabase();
    try {
      await clone.pool.query(`
        ALTER TABLE organisation ADD COLUMN stray text;
        ALTER TABLE organisation ALTER COLUMN name DROP NOT NULL;
        ALTER TYPE "OrganisationKind" ADD VALUE 'REGULATOR';
      `);
      const differences = await compareDatabaseWithPrismaSchema({
        databaseUrl: clone.url,
        schemaPath,
      });
      expect(differences).toEqual([
        'column organisation.name: nullable in the database but NOT NULL in the Prisma schema',
        'column organisation.stray: in the database but not in the Prisma schema',
        'enum OrganisationKind: value REGULATOR is in the database but not in the Prisma schema',
      ]);
    } finally {
      await clone.drop();
    }
  });
});
