/**
 * The model catalog (catalog.md §7-8), for rules, the CLI and the language server.
 *
 * Reading: `catalogFor(file, workspaceFolder?)` gives the LoadedCatalog that governs a file (the
 * engine puts it in `ProjectFacts.catalog`, so a rule reads `ctx.project.catalog`). Its
 * `entries` are the valid entries (the only ones a save may match), `get(id)` the record of an
 * id (valid or not, with `file`, `problems`, `missing` and `source.rangeOf(path)` to point into
 * the YAML), `base` the folder `match.paths` are relative to, `policy.policy` the resolved policy.
 *
 * Deciding: `formatVerdict(policy, format, tier, entry, now)` (allowed, or why not, the safe
 * alternatives and the exceptions that did not count), `missingFields(entry, policy)` (fields
 * required by criticality or tier), `tiersOf(entry)`, `UNSAFE_DESERIALIZATION`.
 *
 * Writing: `createCatalogWrite`, `createEntryWrite`, `updateFieldsWrite` return a CatalogWrite
 * (edits plus the hash of each file as read); `applyWrite` writes it from the CLI. In the editor a
 * CodeAction runs the command `mlHygiene.applyCatalogEdit` with the params of
 * `mlHygiene/catalogEdit` (server/src/lsp/catalogEdit.ts), and the client applies the edit.
 */
export { applyWrite, type CatalogWrite, createCatalogWrite, createEntryWrite, type EntryDraft, type FileWrite, suggestId, textHash, updateFieldsWrite } from './catalogWrite';
export { CATALOG_DIR, catalogFor, clearCatalogCache, findCatalogDir, type LoadedCatalog, loadCatalog, MODELS_DIR, POLICY_FILE } from './fileCatalog';
export { currentVersionIndex, type ExceptionStatus, formatVerdict, type FormatVerdict, isExpired, type MissingField, missingFields, type ResolvedPolicy, tiersOf } from './policy';
export type { EntryRecord } from './readEntry';
export { type CatalogEntry, type Criticality, ENTRY_SCHEMA, type VersionEntry } from './schemaEntry';
export { POLICY_SCHEMA, type Policy } from './schemaPolicy';
export { type Format, FORMATS, type Hash, PICKLE_FORMATS, type Tier, TIERS, UNSAFE_DESERIALIZATION } from './schemaTypes';
export type { FieldChange } from './yamlEdit';
export type { CatalogProblem } from './yamlSource';
