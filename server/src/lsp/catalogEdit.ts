import type { TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'url';

import { catalogWriteFor, type CatalogEditRequest } from './catalogDocuments';
import { type CatalogEditGuard, toCatalogEdit } from './convert';

/**
 * `mlHygiene/catalogEdit`: the server computes a catalog write (create the catalog, create an
 * entry, update fields) and returns it as a WorkspaceEdit with the hash each file must still
 * have; the client checks the hashes and applies it, so the user sees the change in the editor.
 * Paths in the request are file URIs.
 */
export const CATALOG_EDIT_REQUEST = 'mlHygiene/catalogEdit';

export type CatalogEditParams =
  | { action: 'createCatalog'; folder: string }
  | { action: 'createEntry'; catalogDir: string; draft: Extract<CatalogEditRequest, { action: 'createEntry' }>['draft'] }
  | { action: 'updateFields'; file: string; changes: Extract<CatalogEditRequest, { action: 'updateFields' }>['changes'] };

export type CatalogEditResult = { edit: WorkspaceEdit; guards: CatalogEditGuard[]; summary: string } | { error: string };

function toPath(uri: unknown): string | undefined {
  return typeof uri === 'string' && uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function catalogEdit(params: CatalogEditParams, documents: TextDocuments<TextDocument>, trusted: boolean): CatalogEditResult {
  // NOTE: Restricted Mode writes nothing (package.json says so); the client would refuse too.
  if (!trusted) return { error: 'The workspace is not trusted: ML Hygiene writes nothing to it.' };
  let request: CatalogEditRequest | undefined;
  if (params?.action === 'createCatalog' && toPath(params.folder)) request = { action: 'createCatalog', folder: toPath(params.folder)! };
  else if (params?.action === 'createEntry' && toPath(params.catalogDir) && params.draft) request = { action: 'createEntry', catalogDir: toPath(params.catalogDir)!, draft: params.draft };
  else if (params?.action === 'updateFields' && toPath(params.file) && Array.isArray(params.changes)) request = { action: 'updateFields', file: toPath(params.file)!, changes: params.changes };
  if (!request) return { error: `not a catalog edit the server understands: ${JSON.stringify(params)?.slice(0, 200)}` };
  const result = catalogWriteFor(request, (file) => documents.get(pathToFileURL(file).toString())?.getText());
  if ('error' in result) return result;
  return toCatalogEdit(result.write, result.texts);
}
