import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import type { CatalogView as CatalogData } from '../../../server/src/lsp/catalogViewProtocol';
import { CATALOG_VIEW_CHANGED, CATALOG_VIEW_REQUEST } from '../../../server/src/lsp/catalogViewProtocol';
import { CATALOG_GROUPING_KEY, CATALOG_STATE_KEY } from '../constants';
import { openCommand } from '../openLocation';
import { buildCatalogTree, type CatalogGrouping, catalogMessage, type CatalogNode } from './catalogModel';

const ICON: Partial<Record<CatalogNode['type'], string>> = { site: 'go-to-file', digest: 'key', version: 'tag', problem: 'warning', note: 'info' };
const CRITICALITY_ICON: Record<string, [string, string]> = {
  critical: ['shield', 'problemsErrorIcon.foreground'],
  high: ['shield', 'problemsWarningIcon.foreground'],
  medium: ['shield', 'problemsInfoIcon.foreground'],
  low: ['shield', 'disabledForeground'],
};

/**
 * The "Catalog" view: the declared models of the workspace's `.mlcatalog/`, from the server's
 * `mlHygiene/getCatalog` (entries, problems, save and load sites). The tree itself is built by
 * catalogModel.ts; this class only maps it to TreeItems and keeps it fresh.
 */
export class CatalogTreeView implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  data: CatalogData = { trusted: vscode.workspace.isTrusted, scanning: true, entries: [], policyProblems: [] };
  private grouping: CatalogGrouping = 'criticality';
  private roots: CatalogNode[] = [];
  private view: vscode.TreeView<CatalogNode> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private loaded = false;

  constructor(private readonly client: LanguageClient) {}

  attach(view: vscode.TreeView<CatalogNode>): void {
    this.view = view;
    this.disposables.push(
      view,
      // NOTE: one handler per method (a second onNotification replaces the first): the server
      // sends this one for catalog changes and for every change of the workspace scan.
      this.client.onNotification(CATALOG_VIEW_CHANGED, () => void this.refresh()),
    );
    void vscode.commands.executeCommand('setContext', CATALOG_GROUPING_KEY, this.grouping);
  }

  /** Asks the server for the catalog and redraws. */
  async refresh(): Promise<void> {
    if (!this.client.isRunning()) return;
    try {
      this.data = await this.client.sendRequest<CatalogData>(CATALOG_VIEW_REQUEST);
      this.loaded = true;
    } catch {
      return; // NOTE: the server is restarting; its next notification brings the catalog.
    }
    this.redraw();
  }

  setGrouping(grouping: CatalogGrouping): void {
    this.grouping = grouping;
    void vscode.commands.executeCommand('setContext', CATALOG_GROUPING_KEY, grouping);
    this.redraw();
  }

  /** What the view shows now, for tests: every node's label and description, nested. */
  snapshot(): { grouping: CatalogGrouping; message?: string; catalogDir?: string; scanning: boolean; tree: SnapshotNode[] } {
    const walk = (nodes: CatalogNode[]): SnapshotNode[] =>
      nodes.map((n) => {
        const item = this.getTreeItem(n);
        const children = this.getChildren(n);
        return { label: item.label as string, description: item.description as string | undefined, contextValue: item.contextValue, ...(children.length ? { children: walk(children) } : {}) };
      });
    return { grouping: this.grouping, message: this.view?.message, catalogDir: this.data.catalogDir, scanning: this.data.scanning, tree: walk(this.roots) };
  }

  private redraw(): void {
    this.roots = buildCatalogTree(this.data, this.grouping, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false));
    const state = !this.loaded ? 'loading' : this.data.catalogDir ? 'present' : 'none';
    void vscode.commands.executeCommand('setContext', CATALOG_STATE_KEY, state);
    if (this.view) {
      this.view.message = catalogMessage(this.data);
      const count = this.data.entries.length;
      this.view.description = this.data.catalogDir ? (count === 1 ? '1 model' : `${count} models`) : undefined;
    }
    this.emitter.fire(undefined);
  }

  getChildren(node?: CatalogNode): CatalogNode[] {
    if (!node) return this.roots;
    return 'children' in node ? node.children : [];
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    const hasChildren = 'children' in node && node.children.length > 0;
    const state = !hasChildren
      ? vscode.TreeItemCollapsibleState.None
      : node.type === 'group' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    // NOTE: labels, descriptions and tooltips are plain strings: a catalog value is never HTML or Markdown.
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    if ('description' in node) item.description = node.description;
    if ('tooltip' in node) item.tooltip = node.tooltip;
    const icon = ICON[node.type];
    if (icon) item.iconPath = new vscode.ThemeIcon(icon);
    switch (node.type) {
      case 'entry': {
        const [name, colour] = node.entry.valid ? (CRITICALITY_ICON[node.entry.criticality ?? ''] ?? ['package', '']) : ['error', 'problemsErrorIcon.foreground'];
        item.iconPath = new vscode.ThemeIcon(name, colour ? new vscode.ThemeColor(colour) : undefined);
        item.contextValue = node.entry.valid ? 'mlHygiene.catalogEntry' : 'mlHygiene.catalogEntryInvalid';
        break;
      }
      case 'section':
        item.iconPath = new vscode.ThemeIcon(node.icon);
        break;
      case 'site': {
        const { site } = node;
        item.command = openCommand(vscode.Uri.parse(site.uri), new vscode.Range(site.line, site.character, site.endLine, site.endCharacter), site.cell);
        item.contextValue = 'mlHygiene.catalogSite';
        break;
      }
      case 'problem': {
        const selection = new vscode.Range(node.line, 0, node.line, 0);
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(node.file), { selection } satisfies vscode.TextDocumentShowOptions] };
        break;
      }
      case 'digest':
        item.tooltip = `${node.label} ${node.description}`;
        item.contextValue = 'mlHygiene.catalogDigest';
        break;
    }
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}

export interface SnapshotNode {
  label: string;
  description?: string;
  contextValue?: string;
  children?: SnapshotNode[];
}

/** The entry a context-menu command was run on (the tree passes its node), if any. */
export function entryOf(node: unknown): Extract<CatalogNode, { type: 'entry' }>['entry'] | undefined {
  return node && typeof node === 'object' && (node as CatalogNode).type === 'entry' ? (node as Extract<CatalogNode, { type: 'entry' }>).entry : undefined;
}
