import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import type { Inventory, InventoryFile, InventoryItem, InventoryKind } from '../../../server/src/lsp/inventoryProtocol';
import { INVENTORY_CHANGED, INVENTORY_REQUEST } from '../../../server/src/lsp/inventoryProtocol';
import { SHADOW_GROUPING_KEY } from '../constants';
import { openCommand } from '../openLocation';

export type Grouping = 'file' | 'kind';

const KIND_LABEL: Record<InventoryKind, string> = {
  save: 'Unregistered model saves',
  load: 'Unsafe model loads',
  download: 'Untrusted downloads and remote code',
  file: 'Dangerous model files',
};
const KIND_ORDER: InventoryKind[] = ['save', 'load', 'download', 'file'];

/** A node of the Shadow ML tree: a group (a file or a kind) or one finding. */
export type ShadowNode =
  | { type: 'group'; id: string; label: string; description?: string; resourceUri?: vscode.Uri; children: ShadowNode[] }
  | { type: 'item'; id: string; uri: vscode.Uri; item: InventoryItem; showFile: boolean };

/** Builds the tree from the inventory: pure, so unit tests check grouping and order without VS Code windows. */
export function buildTree(files: readonly InventoryFile[], grouping: Grouping, relative: (uri: vscode.Uri) => string): ShadowNode[] {
  const items = files.flatMap((f) => f.items.map((item) => ({ uri: vscode.Uri.parse(f.uri), item })));
  const leaf = (x: { uri: vscode.Uri; item: InventoryItem }, showFile: boolean): ShadowNode => ({
    type: 'item',
    id: `${x.uri.toString()}#${x.item.line}:${x.item.character}:${x.item.code}`,
    uri: x.uri,
    item: x.item,
    showFile,
  });
  if (grouping === 'file') {
    return files.map((f) => {
      const uri = vscode.Uri.parse(f.uri);
      return { type: 'group', id: `file:${f.uri}`, label: relative(uri), description: count(f.items.length), resourceUri: uri, children: f.items.map((item) => leaf({ uri, item }, false)) };
    });
  }
  return KIND_ORDER.map((kind) => {
    const of = items.filter((x) => x.item.kind === kind);
    return { type: 'group' as const, id: `kind:${kind}`, label: KIND_LABEL[kind], description: count(of.length), children: of.map((x) => leaf(x, true)) };
  }).filter((g) => g.children.length > 0);
}

function count(n: number): string {
  return n === 1 ? '1 finding' : `${n} findings`;
}

const ICON: Record<InventoryItem['severity'], [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  information: ['info', 'problemsInfoIcon.foreground'],
  hint: ['lightbulb', 'problemsInfoIcon.foreground'],
};

/**
 * The "Shadow ML" view: every unregistered save, unsafe load and untrusted download in the
 * workspace, from the server's workspace scan, grouped by file or by kind, with a count badge.
 */
export class ShadowMlView implements vscode.TreeDataProvider<ShadowNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ShadowNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private inventory: Inventory = { files: [], scanning: true, unscanned: 0 };
  private grouping: Grouping = 'file';
  private roots: ShadowNode[] = [];
  private view: vscode.TreeView<ShadowNode> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {}

  attach(view: vscode.TreeView<ShadowNode>): void {
    this.view = view;
    this.disposables.push(view, this.client.onNotification(INVENTORY_CHANGED, () => void this.refresh()));
    void vscode.commands.executeCommand('setContext', SHADOW_GROUPING_KEY, this.grouping);
  }

  /** Asks the server for the inventory and redraws. */
  async refresh(): Promise<void> {
    if (!this.client.isRunning()) return;
    try {
      this.inventory = await this.client.sendRequest<Inventory>(INVENTORY_REQUEST);
    } catch {
      return; // NOTE: the server is restarting; its next notification brings the inventory.
    }
    this.redraw();
  }

  setGrouping(grouping: Grouping): void {
    this.grouping = grouping;
    void vscode.commands.executeCommand('setContext', SHADOW_GROUPING_KEY, grouping);
    this.redraw();
  }

  /** What the view shows now, for tests: group labels with their items. */
  snapshot(): { grouping: Grouping; badge: number; message?: string; groups: Array<{ label: string; items: string[] }> } {
    return {
      grouping: this.grouping,
      badge: this.total(),
      message: this.view?.message,
      groups: this.roots.map((g) => ({
        label: g.type === 'group' ? g.label : '',
        items: g.type === 'group' ? g.children.map((c) => {
          const item = this.getTreeItem(c);
          return `${item.label as string} (${item.description as string})`;
        }) : [],
      })),
    };
  }

  private total(): number {
    return this.inventory.files.reduce((n, f) => n + f.items.length, 0);
  }

  private redraw(): void {
    this.roots = buildTree(this.inventory.files, this.grouping, (uri) => vscode.workspace.asRelativePath(uri, false));
    if (this.view) {
      const total = this.total();
      this.view.badge = total ? { value: total, tooltip: `${count(total)} of Shadow ML in this workspace` } : undefined;
      this.view.message = this.inventory.disabled
        ? `Workspace scan off: ${this.inventory.disabled}.`
        : this.inventory.scanning
          ? 'Scanning the workspace…'
          : this.inventory.unscanned
            ? `${this.inventory.unscanned} files were not scanned (mlHygiene.workspaceScan.maxFiles).`
            : total === 0
              ? 'No Shadow ML found: every model save, load and download is declared or safe.'
              : undefined;
    }
    this.emitter.fire(undefined);
  }

  getChildren(node?: ShadowNode): ShadowNode[] {
    if (!node) return this.roots;
    return node.type === 'group' ? node.children : [];
  }

  getTreeItem(node: ShadowNode): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = node.description;
      if (node.resourceUri) {
        item.resourceUri = node.resourceUri;
        item.iconPath = vscode.ThemeIcon.File;
      }
      return item;
    }
    const { item: finding, uri } = node;
    const firstSentence = finding.message.split(/(?<=[.:;])\s/)[0].replace(/[.:;]$/, '');
    const item = new vscode.TreeItem(firstSentence, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const index = cellIndexOf(finding);
    const cell = index === undefined ? undefined : `cell ${index + 1}`;
    const where = node.showFile
      ? `${path.posix.basename(uri.path)}:${cell ? `${cell}:` : ''}${finding.line + 1}`
      : `${cell ? `${cell}, ` : ''}line ${finding.line + 1}`;
    item.description = `${finding.code} · ${where}${finding.suppressedByRepository ? ' · suppressed by this repository' : ''}`;
    item.tooltip = new vscode.MarkdownString().appendText(`${finding.code}: ${finding.message}`);
    const [icon, colour] = ICON[finding.severity];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
    item.contextValue = 'mlHygiene.finding';
    item.command = openCommand(uri, new vscode.Range(finding.line, finding.character, finding.endLine, finding.endCharacter), index);
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}

/** `mlHygiene.showQuickFixes` on a finding of the view: open it and show the editor's quick fixes there. */
export async function showQuickFixes(node: unknown): Promise<void> {
  if (!node || typeof node !== 'object' || (node as ShadowNode).type !== 'item') return;
  const { uri, item } = node as Extract<ShadowNode, { type: 'item' }>;
  const selection = new vscode.Range(item.line, item.character, item.endLine, item.endCharacter);
  await vscode.window.showTextDocument(uri, { selection });
  await vscode.commands.executeCommand('editor.action.quickFix');
}

/** A notebook finding's cell: its index, or, from an open notebook's live analysis, its URI's index. */
function cellIndexOf(item: InventoryItem): number | undefined {
  if (item.cell !== undefined || item.cellUri === undefined) return item.cell;
  for (const notebook of vscode.workspace.notebookDocuments) {
    const index = notebook.getCells().findIndex((c) => c.document.uri.toString() === item.cellUri);
    if (index !== -1) return index;
  }
  return undefined;
}
