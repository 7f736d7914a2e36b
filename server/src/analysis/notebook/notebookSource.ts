import { LineIndex } from '../lineIndex';
import type { Finding, Fix, TextEdit } from '../types';
import { maskCell, type MaskedCell, type Span } from './ipython';

/** One code cell inside the joined module. */
export interface JoinedCell extends MaskedCell {
  /** The cell's own text, IPython syntax and all. */
  source: string;
  /** Where the cell starts in the joined text. */
  start: number;
}

/** A position inside one cell: the cell's place in {@link NotebookSource.cells}, and an offset in its text. */
export interface CellOffset {
  cell: number;
  offset: number;
}

/** A text edit inside one cell, in the cell's own offsets. */
export interface CellEdit extends TextEdit {
  cell: number;
}

/**
 * The code cells of a notebook joined in order into one module (rules.md §6.2): an import in one
 * cell governs a call in a later one. Each cell is masked (IPython syntax → inert code of the
 * same length) and followed by a line break when it has none, so the offsets of each cell map
 * to the joined text by adding where the cell starts, and back by subtracting it.
 */
export class NotebookSource {
  readonly text: string;
  readonly cells: JoinedCell[];
  private readonly lineIndexes: Array<LineIndex | undefined> = [];

  /** Joins the texts of the code cells, in notebook order (markdown and raw cells left out). */
  constructor(codeCells: readonly string[], previous?: NotebookSource) {
    const parts: string[] = [];
    let start = 0;
    this.cells = codeCells.map((source, i) => {
      // NOTE: masking is per cell, so an unchanged cell reuses its mask from the last version.
      const old = previous?.cells[i]?.source === source ? previous.cells[i] : undefined;
      const masked = old ?? maskCell(source);
      const cell: JoinedCell = { source, start, code: masked.code, masked: masked.masked, shell: masked.shell };
      parts.push(masked.code);
      start += source.length;
      if (!source.endsWith('\n')) {
        parts.push('\n');
        start++;
      }
      return cell;
    });
    this.text = parts.join('');
  }

  /** The cell holding a joined offset; the line break added after a cell belongs to that cell's end. */
  locate(offset: number): CellOffset {
    let lo = 0;
    let hi = this.cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cells[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const cell = this.cells[lo];
    if (!cell) return { cell: 0, offset: 0 };
    return { cell: lo, offset: Math.max(0, Math.min(offset - cell.start, cell.source.length)) };
  }

  /** The joined offset of an offset in a cell. */
  offsetOf(cell: number, offset: number): number {
    const c = this.cells[cell];
    return c.start + Math.max(0, Math.min(offset, c.source.length));
  }

  /** Line and column conversions inside one cell (built when first asked for). */
  lines(cell: number): LineIndex {
    let index = this.lineIndexes[cell];
    if (!index) this.lineIndexes[cell] = index = new LineIndex(this.cells[cell].source);
    return index;
  }

  /** A joined range as a range of one cell (a range that runs past its cell stops at the cell's end). */
  rangeIn(start: number, end: number): { cell: number; start: number; end: number } {
    const from = this.locate(start);
    const cell = this.cells[from.cell];
    return { cell: from.cell, start: from.offset, end: Math.max(from.offset, Math.min(end - (cell?.start ?? 0), cell?.source.length ?? 0)) };
  }

  /** Joined edits as edits of the cells they fall in. */
  cellEdits(edits: readonly TextEdit[]): CellEdit[] {
    return edits.map((e) => {
      const r = this.rangeIn(e.start, e.end);
      return { cell: r.cell, start: r.start, end: r.end, newText: e.newText };
    });
  }

  /** True when an edit touches IPython syntax that was masked (its fix would write into a magic). */
  touchesMask(edit: TextEdit): boolean {
    const { cell, start, end } = this.rangeIn(edit.start, edit.end);
    return this.cells[cell]?.masked.some((m: Span) => start < m.end && m.start < end) ?? false;
  }

  /** The findings with only the fixes that can be applied to the cells' real text. */
  applicable(findings: readonly Finding[]): Finding[] {
    return findings.map((f) => {
      const fixes = f.fixes.filter((fix: Fix) => !fix.edits.some((e) => this.touchesMask(e)));
      return fixes.length === f.fixes.length ? f : { ...f, fixes };
    });
  }
}
