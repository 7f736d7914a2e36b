import * as path from 'path';
import { fileURLToPath } from 'url';

/**
 * The file system path that governs a document's configuration: the file itself, the notebook
 * of a cell, or (for unsaved documents) a file in the first workspace folder.
 */
export function governingPath(uri: string, workspaceRoot: string | undefined): string {
  const scheme = uri.slice(0, uri.indexOf(':'));
  if (scheme === 'file') return fileURLToPath(uri);
  if (scheme === 'vscode-notebook-cell') {
    const file = `file:${uri.slice(uri.indexOf(':') + 1).replace(/#.*$/, '')}`;
    return fileURLToPath(file);
  }
  return path.join(workspaceRoot ?? process.cwd(), 'untitled.py');
}

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
