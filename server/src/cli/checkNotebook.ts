import * as fs from 'fs';
import type { Parser, Tree } from 'web-tree-sitter';

import { applyEdits, noqaEdits, preferredEdits } from '../analysis/applyFixes';
import { fingerprints } from '../analysis/fingerprint';
import { LineIndex } from '../analysis/lineIndex';
import { MAY_REFERENCE, type ModelReference, modelReferences } from '../analysis/modelReferences';
import { type Ipynb, isPythonNotebook, readIpynb } from '../analysis/notebook/ipynb';
import { NotebookSource } from '../analysis/notebook/notebookSource';
import { fileOffset, sourceEdits } from '../analysis/notebook/storedSource';
import type { Finding, TextEdit } from '../analysis/types';
import { configFor } from '../config/projectConfig';
import type { CheckResult } from '../engine/checkDocument';
import { checkNotebook } from '../engine/checkNotebook';
import { registryReferences } from '../engine/registryReferences';
import { invalidNotebook } from '../rules/invalid-notebook';
import { type CheckFileOptions, type FileResult, type ReportedFinding, toReported } from './fileResult';
import { problemResult } from './problemResult';

const MAX_FIX_ROUNDS = 4;

/** Findings with their cell and cell range, and their place in the `.ipynb` file for SARIF. */
function report(findings: Finding[], source: NotebookSource, nb: Ipynb, codeCells: number[], fileText: string): ReportedFinding[] {
  const file = new LineIndex(fileText);
  const prints = fingerprints(findings);
  return findings.map((f, i) => {
    const { cell, start, end } = source.rangeIn(f.start, f.end);
    const stored = nb.cells[codeCells[cell]].stored;
    const lines = source.lines(cell);
    const at = toReported(f, file.positionAt(fileOffset(stored, start)), file.positionAt(fileOffset(stored, end, true)), prints[i]);
    return { ...at, cell: { index: codeCells[cell], start: lines.positionAt(start), end: lines.positionAt(end) } };
  });
}

/** The notebook file's text with the code cells' new texts written into their stored sources. */
function rewrite(fileText: string, nb: Ipynb, codeCells: number[], texts: string[]): string {
  const edits: TextEdit[] = codeCells.flatMap((index, i) => (texts[i] === nb.cells[index].text ? [] : sourceEdits(fileText, nb.cells[index].stored, texts[i])));
  return applyEdits(fileText, edits);
}

/**
 * Checks a `.ipynb` file: its Python code cells as one module, findings reported per cell. With
 * `--fix` only the changed characters of the cells' sources are written back; outputs, metadata,
 * key order and layout stay byte for byte. A file that is not a readable notebook is one MLH003.
 */
export function checkNotebookBytes(parser: Parser, file: string, bytes: Buffer, options: CheckFileOptions): FileResult {
  let fileText: string;
  try {
    fileText = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return problemResult(file, invalidNotebook, 'the notebook is not UTF-8 text, so it is not JSON', options);
  }
  const nb = readIpynb(fileText);
  if ('problem' in nb) {
    const at = nb.offset === undefined ? undefined : new LineIndex(fileText).positionAt(nb.offset);
    return problemResult(file, invalidNotebook, nb.problem, options, at);
  }
  if (!isPythonNotebook(nb)) return { path: file, findings: [], fixed: 0, configProblems: configFor(file).problems };
  const codeCells = nb.cells.flatMap((c, i) => (c.kind === 'code' ? [i] : []));
  let texts = codeCells.map((i) => nb.cells[i].text);
  let source = new NotebookSource(texts);
  let references: ModelReference[] | undefined;
  const run = (): CheckResult => {
    let tree: Tree | undefined;
    try {
      const result = checkNotebook(source, file, () => (tree ??= parser.parse(source.text) ?? undefined)!, {
        trusted: options.trusted ?? true,
        overrides: { select: options.select, ignore: options.ignore },
        oneShot: true,
      });
      if (options.references && MAY_REFERENCE.test(source.text)) {
        tree ??= parser.parse(source.text) ?? undefined;
        references = tree ? cellReferences([...modelReferences(tree, source.text), ...registryReferences(tree, source.text)], source, codeCells) : [];
      }
      return result;
    } finally {
      tree?.delete();
    }
  };
  let result = run();
  const first = { source, result };
  const before = result.findings.length;
  for (let round = 0; options.fix && round < MAX_FIX_ROUNDS; round++) {
    const edits = source.cellEdits(preferredEdits(result.findings));
    if (edits.length === 0) break;
    texts = texts.map((t, i) => applyEdits(t, edits.filter((e) => e.cell === i)));
    source = new NotebookSource(texts, source);
    result = run();
  }
  // `--add-noqa` after `--fix`, as for a Python file: a round that silences nothing is dropped.
  let noqaAdded = 0;
  for (let round = 0; options.addNoqa && round < MAX_FIX_ROUNDS; round++) {
    const edits = source.cellEdits(noqaEdits(result.findings));
    if (edits.length === 0) break;
    const [prevTexts, prevSource, prevResult] = [texts, source, result];
    texts = texts.map((t, i) => applyEdits(t, edits.filter((e) => e.cell === i)));
    source = new NotebookSource(texts, source);
    result = run();
    if (result.findings.length >= prevResult.findings.length) {
      [texts, source, result] = [prevTexts, prevSource, prevResult];
      break;
    }
    noqaAdded += prevResult.findings.length - result.findings.length;
  }
  let reported = { text: fileText, nb };
  if (texts.some((t, i) => t !== nb.cells[codeCells[i]].text)) {
    const next = rewrite(fileText, nb, codeCells, texts);
    const reread = readIpynb(next);
    // NOTE: written only if the new file reads back as the same notebook with the fixed cells,
    // so a mistake in rewriting can never damage a notebook.
    if ('problem' in reread || reread.cells.length !== nb.cells.length || codeCells.some((c, i) => reread.cells[c].text !== texts[i])) {
      [source, result] = [first.source, first.result];
    } else {
      fs.writeFileSync(file, next);
      reported = { text: next, nb: reread };
    }
  }
  const changed = reported.text !== fileText;
  return {
    path: file,
    findings: report(result.findings, source, reported.nb, codeCells, reported.text),
    fixed: Math.max(0, before - result.findings.length - noqaAdded),
    ...(noqaAdded ? { noqaAdded } : {}),
    configProblems: result.config.problems,
    ...(changed ? { changed } : {}),
    ...(references?.length ? { references } : {}),
  };
}

/** References found in the joined cells, placed in their cells (for the Catalog view). */
function cellReferences(refs: ModelReference[], source: NotebookSource, codeCells: number[]): ModelReference[] {
  const module = new LineIndex(source.text);
  return refs.map((ref) => {
    const { cell, start, end } = source.rangeIn(module.offsetAt(ref.start), module.offsetAt(ref.end));
    const lines = source.lines(cell);
    return { ...ref, cell: codeCells[cell], start: lines.positionAt(start), end: lines.positionAt(end) };
  });
}
