/**
 * Every id the client shares with package.json, the server or the docs, in one place, so a
 * rename is one edit and test/unit/packageJson.test.ts can check them against the manifest.
 */

/** The extension id (`publisher.name`), also the authority of the `vscode://` rule-docs URIs. */
export const EXTENSION_ID = 'mlhygiene.ml-hygiene';

/** The display name, used for the output channel and as the language client's name. */
export const DISPLAY_NAME = 'ML Hygiene';

/**
 * The settings section. It is also the language client's id, because vscode-languageclient
 * reads `<id>.trace.server` to decide how much protocol traffic to log.
 */
export const CONFIG_SECTION = 'mlHygiene';

/** Command ids; each one is contributed in package.json under the "ML Hygiene" category. */
export const COMMANDS = {
  restartServer: 'mlHygiene.restartServer',
  showOutput: 'mlHygiene.showOutput',
  openRuleDocs: 'mlHygiene.openRuleDocs',
  fixAll: 'mlHygiene.fixAll',
  scanWorkspace: 'mlHygiene.scanWorkspace',
  showShadowMl: 'mlHygiene.showShadowMl',
  groupShadowMlByKind: 'mlHygiene.groupShadowMlByKind',
  groupShadowMlByFile: 'mlHygiene.groupShadowMlByFile',
  showQuickFixes: 'mlHygiene.showQuickFixes',
  createCatalog: 'mlHygiene.createCatalog',
  applyCatalogEdit: 'mlHygiene.applyCatalogEdit',
  openCatalog: 'mlHygiene.openCatalog',
  exportMlBom: 'mlHygiene.exportMlBom',
  exportCatalogEntry: 'mlHygiene.exportCatalogEntry',
  openCatalogEntry: 'mlHygiene.openCatalogEntry',
  editCatalogEntry: 'mlHygiene.editCatalogEntry',
  groupCatalogByCriticality: 'mlHygiene.groupCatalogByCriticality',
  groupCatalogByLifecycle: 'mlHygiene.groupCatalogByLifecycle',
  refreshCatalog: 'mlHygiene.refreshCatalog',
  declareModel: 'mlHygiene.declareModel',
} as const;


/** The sidebar: its activity-bar container and views (package.json `viewsContainers`, `views`). */
export const VIEWS = {
  container: 'mlHygiene',
  shadowMl: 'mlHygiene-shadowMl',
  catalog: 'mlHygiene-catalog',
  declareForm: 'mlHygiene-declareForm',
  /** The model-file scan report (package.json `customEditors`): default for model extensions, an option for generic ones. */
  modelReport: 'mlHygiene.modelReport',
  modelReportOption: 'mlHygiene.modelReportOption',
} as const;

/** The context key that says how the Catalog view groups (`criticality` or `lifecycle`). */
export const CATALOG_GROUPING_KEY = 'mlHygiene.catalogGrouping';

/** The context key for the catalog's state (`loading`, `none`, `present`), for the welcome content. */
export const CATALOG_STATE_KEY = 'mlHygiene.catalogState';

/** The context key that says how the Shadow ML view groups (`file` or `kind`), for its title menu. */
export const SHADOW_GROUPING_KEY = 'mlHygiene.shadowMlGrouping';

/** The server request that computes a catalog write (server/src/lsp/catalogEdit.ts). */
export const CATALOG_EDIT_REQUEST = 'mlHygiene/catalogEdit';

/** The code-action kind the server offers for "fix all"; `source.fixAll` plus our suffix. */
export const FIX_ALL_KIND = 'source.fixAll.mlHygiene';

/** Fix-all over a whole notebook (`notebook.codeActionsOnSave` and the fix-all command in a notebook). */
export const NOTEBOOK_FIX_ALL_KIND = `notebook.${FIX_ALL_KIND}`;

/** The bundled server, relative to the extension root (esbuild writes it there). */
export const SERVER_PATH = 'out/server/server.js';

/** Where the rule pages live, relative to the extension root: `<dir>/<CODE>.md`. */
export const RULE_DOCS_DIR = 'docs/rules';

/** A rule code: `MLH` and three digits. Anything else never reaches the file system. */
export const RULE_CODE = /^MLH\d{3}$/;

/** The port the server's inspector listens on when the extension runs in debug mode. */
export const DEBUG_PORT = 6009;
