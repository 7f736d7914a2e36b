/**
 * The Shadow ML inventory as the server sends it to the client's sidebar: plain data shared by
 * both sides (the client imports these types only).
 */

/** What a finding says about a model: loaded unsafely, downloaded untrusted, saved undeclared, a dangerous file. */
export type InventoryKind = 'load' | 'download' | 'save' | 'file';

export interface InventoryItem {
  code: string;
  kind: InventoryKind;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  /** Zero-based, as in LSP. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** In a notebook (the file's `uri` is the .ipynb): the cell's index; the lines and characters are in the cell. */
  cell?: number;
  /** In an open notebook's live analysis: the cell's URI instead (the server knows only its Python cells). */
  cellUri?: string;
  /** Set when the repository suppresses it and the workspace is not trusted (shown, not hidden). */
  suppressedByRepository?: boolean;
}

export interface InventoryFile {
  uri: string;
  items: InventoryItem[];
}

export interface Inventory {
  files: InventoryFile[];
  /** The scan is still running; the list grows. */
  scanning: boolean;
  /** Files left unscanned because the workspace has more than `workspaceScan.maxFiles`. */
  unscanned: number;
  /** Why there is no scan (disabled by the setting, no folder open), when there is none. */
  disabled?: string;
}

/** Request (client → server): the current inventory. */
export const INVENTORY_REQUEST = 'mlHygiene/getInventory';
/** Notification (server → client): the inventory changed; ask again. */
export const INVENTORY_CHANGED = 'mlHygiene/inventoryChanged';
/** Request (client → server): scan the whole workspace again. */
export const SCAN_REQUEST = 'mlHygiene/scanWorkspace';
