/**
 * The catalog as the server sends it to the client's Catalog view: plain data shared by both
 * sides (the client imports these types only). Paths are file URIs; lines are zero-based.
 */

/** Where the code saves or loads a declared model. */
export interface CatalogSite {
  uri: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** The call as written, e.g. `torch.save`. */
  call: string;
  /** The path or repository it names (`*` for what could not be folded). */
  target: string;
  /** Which signal tied it to the entry: a `# mlcatalog:` comment, a path glob, a hub repository, an MLflow registry name. */
  via: 'annotation' | 'path' | 'hfRepo' | 'registry';
  /** In a notebook (`uri` is the .ipynb file): the cell's index; the lines and characters are in the cell. */
  cell?: number;
}

export interface CatalogVersionView {
  version: string;
  current: boolean;
  createdAt?: string;
  format?: string;
  uri?: string;
  hashes: Array<{ alg: string; content: string }>;
}

export interface CatalogEntryView {
  id: string;
  /** The entry's YAML file. */
  file: string;
  valid: boolean;
  /** Why the entry is invalid (or what the policy says it lacks), first problem first. */
  problems: Array<{ message: string; line: number }>;
  title?: string;
  owners?: { business: string; technical: string };
  criticality?: string;
  lifecycle?: string;
  environments: string[];
  /** The format of the current (or last) version's artifact. */
  format?: string;
  versions: CatalogVersionView[];
  saves: CatalogSite[];
  loads: CatalogSite[];
}

export interface CatalogView {
  /** The `.mlcatalog/` folder, or undefined when the workspace has none. */
  catalogDir?: string;
  /** Restricted Mode: the catalog is shown but never written. */
  trusted: boolean;
  /** The workspace scan that finds save and load sites is still running. */
  scanning: boolean;
  /** Why save and load sites are not looked for (the workspace scan is off), when they are not. */
  sitesOff?: string;
  entries: CatalogEntryView[];
  /** Problems of the policy file. */
  policyProblems: string[];
}

/** Request (client → server): the catalog with its save and load sites. */
export const CATALOG_VIEW_REQUEST = 'mlHygiene/getCatalog';
/** Notification (server → client): the catalog or the sites changed; ask again. */
export const CATALOG_VIEW_CHANGED = 'mlHygiene/catalogChanged';
/** Request (client → server): an export of the catalog, `{ format, ids? }` → `{ text }` or `{ error }`. */
export const CATALOG_EXPORT_REQUEST = 'mlHygiene/exportCatalog';
