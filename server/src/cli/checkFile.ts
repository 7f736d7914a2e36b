import { createHash } from 'crypto';
import * as fs from 'fs';
import type { Parser, Tree } from 'web-tree-sitter';

import { applyEdits, noqaEdits, preferredEdits } from '../analysis/applyFixes';
import { fingerprints } from '../analysis/fingerprint';
import { MAY_REFERENCE, type ModelReference, modelReferences } from '../analysis/modelReferences';
import { LineIndex } from '../analysis/lineIndex';
import { parseForAnalysis } from '../analysis/partialParse';
import type { Finding } from '../analysis/types';
import { checkDocument, type CheckResult } from '../engine/checkDocument';
import { registryReferences } from '../engine/registryReferences';
import { allRules } from '../rules';
import { decodeSource } from './decodeSource';
import { checkNotebookBytes } from './checkNotebook';
import { type CheckFileOptions, type FileResult, type ReportedFinding, toReported } from './fileResult';
import { unreadableResult } from './problemResult';

const MAX_FIX_ROUNDS = 4;

function report(findings: Finding[], text: string): ReportedFinding[] {
  const lines = new LineIndex(text);
  const prints = fingerprints(findings);
  return findings.map((f, i) => toReported(f, lines.positionAt(f.start), lines.positionAt(f.end), prints[i]));
}

/** Checks one file from disk (and fixes it with `--fix`); never throws for a bad file. */
export function checkFile(parser: Parser, file: string, options: CheckFileOptions): FileResult {
  let bytes: Buffer;
  let stat: fs.Stats | undefined;
  try {
    // NOTE: the stat first, so that the bytes read are at least as new as the stat recorded.
    if (options.digest) stat = fs.statSync(file);
    bytes = fs.readFileSync(file);
  } catch (err) {
    return unreadableResult(file, `cannot read the file: ${(err as Error).message}`, options);
  }
  const result = checkBytes(parser, file, bytes, options);
  if (!stat) return result;
  return { ...result, content: { sha256: createHash('sha256').update(bytes).digest('hex'), size: stat.size, mtimeMs: stat.mtimeMs } };
}

/** Checks the bytes read from one file: decodes them as Python would, analyses, fixes with `--fix`. */
export function checkBytes(parser: Parser, file: string, bytes: Buffer, options: CheckFileOptions): FileResult {
  if (file.endsWith('.ipynb')) return checkNotebookBytes(parser, file, bytes, options);
  const decoded = decodeSource(bytes);
  if (decoded.problem !== undefined) return unreadableResult(file, decoded.problem, options);
  const text = decoded.text;
  let references: ModelReference[] | undefined;
  // NOTE: the references walk every save and load of the module: they need the whole tree.
  const parse = (source: string) => (options.references ? parser.parse(source) : parseForAnalysis(parser, source, allRules)) ?? undefined;
  const run = (source: string): CheckResult => {
    let tree: Tree | undefined;
    try {
      const result = checkDocument(source, file, () => (tree ??= parse(source))!, {
        trusted: options.trusted ?? true,
        overrides: { select: options.select, ignore: options.ignore },
        oneShot: true,
      });
      // NOTE: from the tree the analysis parsed, if it parsed one: a second parse would cost as much again.
      if (options.references && file.endsWith('.py') && MAY_REFERENCE.test(source)) {
        tree ??= parser.parse(source) ?? undefined;
        references = tree ? [...modelReferences(tree, source), ...registryReferences(tree, source)] : [];
      }
      return result;
    } finally {
      tree?.delete();
    }
  };
  let result = run(text);
  const before = result.findings.length;
  let fixedText = text;
  // NOTE: only UTF-8 can be written back faithfully; a file in a declared 8-bit encoding is
  // reported but left as it is.
  const canWrite = decoded.encoding === 'utf-8';
  for (let round = 0; options.fix && canWrite && round < MAX_FIX_ROUNDS; round++) {
    const edits = preferredEdits(result.findings);
    if (edits.length === 0) break;
    fixedText = applyEdits(fixedText, edits);
    result = run(fixedText);
  }
  // `--add-noqa` after `--fix`: what is left gets its comment; a finding whose comment did not
  // silence it (a round that silences nothing is dropped) is left in the report.
  let noqaAdded = 0;
  for (let round = 0; options.addNoqa && canWrite && round < MAX_FIX_ROUNDS; round++) {
    const edits = noqaEdits(result.findings);
    if (edits.length === 0) break;
    const next = applyEdits(fixedText, edits);
    const after = run(next);
    if (after.findings.length >= result.findings.length) break;
    noqaAdded += result.findings.length - after.findings.length;
    fixedText = next;
    result = after;
  }
  const changed = fixedText !== text;
  if (changed) fs.writeFileSync(file, fixedText);
  return {
    path: file,
    findings: report(result.findings, fixedText),
    fixed: Math.max(0, before - result.findings.length - noqaAdded),
    ...(noqaAdded ? { noqaAdded } : {}),
    configProblems: result.config.problems,
    ...(changed ? { changed } : {}),
    ...(references?.length ? { references } : {}),
  };
}
