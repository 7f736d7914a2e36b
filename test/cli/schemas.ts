import Ajv07 from 'ajv';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

/** Asserts that a log is valid against the official SARIF 2.1.0 schema (a draft-04 schema). */
export function assertValidSarif(log: unknown): void {
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = validate(log as object);
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

/** Asserts that a report has the shape GitLab requires of a SAST report (gitlab-sast-report.shape.json). */
export function assertGitlabSastShape(report: unknown): void {
  const ajv = new Ajv07({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, 'gitlab-sast-report.shape.json'), 'utf8')));
  const valid = validate(report as object);
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}
