import * as fs from 'fs';
import type { Parser, Tree } from 'web-tree-sitter';

import { applyEdits, preferredEdits } from '../analysis/applyFixes';
import { LineIndex } from '../analysis/lineIndex';
import type { Finding } from '../analysis/types';
import { checkDocument, type CheckResult } from '../engine/checkDocument';
import type { CheckFileOptions, FileResult, ReportedFinding } from './fileResult';

const MAX_FIX_ROUNDS = 4;

function report(findings: Finding[], text: string): ReportedFinding[] {
  const lines = new LineIndex(text);
  return findings.map((f) => {
    const fix = f.fixes.find((x) => x.preferred);
    return {
      code: f.code,
      name: f.name,
      severity: f.severity,
      message: f.message,
      start: lines.positionAt(f.start),
      end: lines.positionAt(f.end),
      fixable: !!fix,
      fixTitle: fix?.title,
    };
  });
}

/** Checks one file from disk (and fixes it with `--fix`); never throws for a bad file. */
export function checkFile(parser: Parser, file: string, options: CheckFileOptions): FileResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { path: file, findings: [], fixed: 0, configProblems: [], error: (err as Error).message };
  }
  const run = (source: string): CheckResult => {
    let tree: Tree | undefined;
    try {
      return checkDocument(source, file, () => (tree ??= parser.parse(source) ?? undefined)!, {
        trusted: true,
        overrides: { select: options.select, ignore: options.ignore },
      });
    } finally {
      tree?.delete();
    }
  };
  let result = run(text);
  const before = result.findings.length;
  let fixedText = text;
  for (let round = 0; options.fix && round < MAX_FIX_ROUNDS; round++) {
    const edits = preferredEdits(result.findings);
    if (edits.length === 0) break;
    fixedText = applyEdits(fixedText, edits);
    result = run(fixedText);
  }
  if (fixedText !== text) fs.writeFileSync(file, fixedText);
  return {
    path: file,
    findings: report(result.findings, fixedText),
    fixed: Math.max(0, before - result.findings.length),
    configProblems: result.config.problems,
  };
}
