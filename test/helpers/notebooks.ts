/** A cell for {@link notebookJson}: its type and source as stored (a string or a list of lines). */
export interface TestCell {
  type?: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: unknown[];
}

/** Splits a text into Jupyter's stored lines (each with its line break). */
export function storedLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/**
 * A notebook file as Jupyter writes it (nbformat 4, one-space indent, sorted keys, final line
 * break). A string source is stored as a list of lines unless `asString`.
 */
export function notebookJson(cells: Array<TestCell | string>, options: { language?: string; asString?: boolean } = {}): string {
  const nb = {
    cells: cells.map((c) => {
      const cell = typeof c === 'string' ? { source: c } : c;
      const type = cell.type ?? 'code';
      const source = typeof cell.source === 'string' && !options.asString ? storedLines(cell.source) : cell.source;
      return type === 'code'
        ? { cell_type: type, execution_count: null, metadata: {}, outputs: cell.outputs ?? [], source }
        : { cell_type: type, metadata: {}, source };
    }),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: options.language ?? 'python', name: 'python3' },
      language_info: { name: options.language ?? 'python', version: '3.11.9' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
