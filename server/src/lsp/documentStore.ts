import type { Parser } from 'web-tree-sitter';

import { LineIndex } from '../analysis/lineIndex';
import type { NotebookSource } from '../analysis/notebook/notebookSource';
import { ParsedDocument } from '../analysis/parser';
import type { Finding } from '../analysis/types';

/** The last analysis of a document, with the version it was made for. */
export interface Analysis {
  version: number;
  findings: Finding[];
  lines: LineIndex;
}

/** The last analysis of a notebook: the versions of the notebook and of each code cell it read. */
export interface NotebookAnalysis {
  version: number;
  /** The Python code cells (the only cells the editor syncs). */
  cells: Array<{ uri: string; version: number }>;
  source: NotebookSource;
  /** Offsets in `source.text`, the code cells joined. */
  findings: Finding[];
}

interface Entry {
  parsed: ParsedDocument;
  analysis?: Analysis;
  notebook?: NotebookAnalysis;
}

/**
 * Parsed documents by URI (a notebook's code cells joined are one document, under the notebook's
 * URI): trees are reparsed incrementally and freed when closed.
 */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly parser: Parser) {}

  /** The parsed document for a URI, brought up to date with `text`. */
  parsed(uri: string, text: string): ParsedDocument {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { parsed: new ParsedDocument(this.parser, text) };
      this.entries.set(uri, entry);
    } else {
      entry.parsed.update(text);
    }
    return entry.parsed;
  }

  analysis(uri: string): Analysis | undefined {
    return this.entries.get(uri)?.analysis;
  }

  setAnalysis(uri: string, analysis: Analysis): void {
    const entry = this.entries.get(uri);
    if (entry) entry.analysis = analysis;
  }

  notebookAnalysis(uri: string): NotebookAnalysis | undefined {
    return this.entries.get(uri)?.notebook;
  }

  setNotebookAnalysis(uri: string, analysis: NotebookAnalysis): void {
    const entry = this.entries.get(uri);
    if (entry) entry.notebook = analysis;
  }

  close(uri: string): void {
    this.entries.get(uri)?.parsed.dispose();
    this.entries.delete(uri);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }
}
