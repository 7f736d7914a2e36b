import { strict as assert } from 'assert';

import type { AnalysisOptions } from '../../server/src/analysis/analyzer';
import { applyEdits, preferredEdits } from '../../server/src/analysis/applyFixes';
import type { Finding, Fix } from '../../server/src/analysis/types';
import { findingsOf, testParser } from './testParser';

/** Which fix of a finding to apply: the rule's preferred one (fixes[0]) or the noqa one (the last). */
export type FixChoice = 'preferred' | 'noqa';

export interface FixExpectation {
  /** The rule code whose finding is fixed. */
  code: string;
  /** The exact text after the fix. */
  expected: string;
  fix?: FixChoice;
  /** Which of that rule's findings, in source order (0 by default). */
  which?: number;
  /** A piece of the fix title to check. */
  title?: string;
  /** How many findings of `code` the fixed text still has (0 by default). */
  remaining?: number;
  options?: Partial<AnalysisOptions>;
}

/** Asserts that a text parses without syntax errors. */
export async function expectParses(text: string): Promise<void> {
  const tree = (await testParser()).parse(text);
  if (!tree) throw new Error('no tree');
  try {
    assert.equal(tree.rootNode.hasError, false, `the fixed text does not parse:\n${text}`);
  } finally {
    tree.delete();
  }
}

/**
 * Applies one fix of one finding and checks the exact result, that it parses, and that the rule
 * no longer reports it. Returns the fix for more checks.
 */
export async function expectFix(source: string, e: FixExpectation): Promise<Fix> {
  const options = e.options ?? {};
  const findings = (await findingsOf(source, options)).filter((f) => f.code === e.code);
  const finding: Finding | undefined = findings[e.which ?? 0];
  assert.ok(finding, `no ${e.code} finding to fix in:\n${source}`);
  const last = finding.fixes[finding.fixes.length - 1];
  assert.match(last.title, new RegExp(`^Suppress ${e.code} .*# noqa: ${e.code}`), 'the last fix is the noqa one');
  const fix = e.fix === 'noqa' ? last : finding.fixes[0];
  if (e.fix !== 'noqa') {
    assert.notEqual(fix, last, `${e.code} offers no fix besides noqa`);
    assert.equal(fix.preferred, true, 'fixes[0] is the preferred fix');
  }
  if (e.title) assert.ok(fix.title.includes(e.title), `fix title: ${fix.title}`);
  return expectApplied(source, fix, e);
}

/** Applies a fix as the editor would; checks the text, that it parses, and what is left of the rule. */
async function expectApplied(source: string, fix: Fix, e: FixExpectation): Promise<Fix> {
  const fixed = applyEdits(source, fix.edits);
  assert.equal(fixed, e.expected);
  await expectParses(fixed);
  const after = (await findingsOf(fixed, e.options ?? {})).filter((f) => f.code === e.code);
  assert.equal(after.length, e.remaining ?? 0, after.map((f) => f.message).join('\n'));
  return fix;
}

/**
 * Applies a non-preferred migration fix (chosen by a piece of its title, as a user picks it from
 * the quick-fix menu) exactly as the editor would, and checks the result like expectFix.
 */
export async function expectMigration(source: string, e: FixExpectation & { title: string }): Promise<Fix> {
  const options = e.options ?? {};
  const findings = (await findingsOf(source, options)).filter((f) => f.code === e.code);
  const finding: Finding | undefined = findings[e.which ?? 0];
  assert.ok(finding, `no ${e.code} finding in:\n${source}`);
  const fix = finding.fixes.find((f) => f.title.includes(e.title));
  assert.ok(fix, `no fix titled "${e.title}" among: ${finding.fixes.map((f) => f.title).join(' | ')}`);
  assert.equal(fix.preferred, false, 'a migration is never preferred (fix all and --fix leave it alone)');
  return expectApplied(source, fix, e);
}

/** The fixes a finding of `code` offers, by title (the noqa one included). */
export async function fixTitles(source: string, code: string, options: Partial<AnalysisOptions> = {}): Promise<string[][]> {
  const findings = (await findingsOf(source, options)).filter((f) => f.code === code);
  return findings.map((f) => f.fixes.map((x) => x.title));
}

/** "Fix all": the preferred edits of every finding, applied once. */
export async function fixAll(source: string, options: Partial<AnalysisOptions> = {}): Promise<string> {
  return applyEdits(source, preferredEdits(await findingsOf(source, options)));
}
