// Validates OCDS output against the official OCDS 1.1.5 schema files kept in
// apps/api/src/open-data/schema (byte-for-byte; see its README.md) with a
// JSON Schema draft-04 validator, as OCDS's own tools do: ajv-draft-04, with
// ajv-formats so `format: uri` and `format: date-time` are really checked.
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const OCDS_SCHEMA_DIR = path.join(__dirname, '..', 'open-data', 'schema');
const CORE = path.join(OCDS_SCHEMA_DIR, 'ocds-1__1__5');

export const readSchemaFile = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(OCDS_SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;

// OCDS metadata keywords: annotations for tools (merging, codelists, docs), not assertions.
const OCDS_ANNOTATIONS = [
  'codelist',
  'openCodelist',
  'deprecated',
  'deprecatedVersion',
  'omitWhenMerged',
  'wholeListMerge',
  'versionId',
];

/** RFC 7386 JSON Merge Patch, as OCDS applies an extension's release-schema.json to the core schema. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function compile(releaseSchema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  ajv.addVocabulary(OCDS_ANNOTATIONS);
  ajv.addSchema(releaseSchema);
  return ajv.compile(
    JSON.parse(fs.readFileSync(path.join(CORE, 'release-package-schema.json'), 'utf8')) as Record<
      string,
      unknown
    >,
  );
}

/** A validator for release packages against the official core schema, unchanged. */
export function coreReleasePackageValidator(): ValidateFunction {
  return compile(
    JSON.parse(fs.readFileSync(path.join(CORE, 'release-schema.json'), 'utf8')) as Record<
      string,
      unknown
    >,
  );
}

/**
 * The same, with the extensions the package declares merged into the release
 * schema (so the extension's own fields are checked too, not just tolerated).
 */
export function extendedReleasePackageValidator(extensionDirs: string[]): ValidateFunction {
  let release: unknown = readSchemaFile('ocds-1__1__5/release-schema.json');
  for (const dir of extensionDirs)
    release = mergePatch(release, readSchemaFile(path.join(dir, 'release-schema.json')));
  return compile(release as Record<string, unknown>);
}

/** Errors as short lines (path: message), for readable test failures. */
export const describeErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
