import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { Worker } from 'worker_threads';

import type { LineIndex } from '../analysis/lineIndex';
import type { ModelReference } from '../analysis/modelReferences';
import { CATALOG_DIR } from '../catalog/fileCatalog';
import type { Family, Finding, Position } from '../analysis/types';
import type { FileResult } from '../cli/fileResult';
import { allRuleMeta } from '../rules';
import type { Inventory, InventoryItem, InventoryKind } from './inventoryProtocol';
import { CATALOG_VIEW_CHANGED } from './catalogViewProtocol';
import { INVENTORY_CHANGED } from './inventoryProtocol';
import type { ScanReply, ScanRequest } from './scanMessages';

const KIND: Partial<Record<Family, InventoryKind>> = { deserialization: 'load', download: 'download', save: 'save', artifact: 'file' };
const FAMILY = new Map(allRuleMeta.map((r) => [r.code, r.family]));

interface Located {
  code: string;
  severity: InventoryItem['severity'];
  message: string;
  start: Position;
  end: Position;
  suppressed?: unknown;
}

/** A located finding as an inventory item, or undefined for findings that are not about models (MLH0xx). */
function toItem(f: Located): InventoryItem | undefined {
  const kind = KIND[FAMILY.get(f.code) ?? 'configuration'];
  if (!kind) return undefined;
  return {
    code: f.code,
    kind,
    severity: f.severity,
    message: f.message,
    line: f.start.line,
    character: f.start.character,
    endLine: f.end.line,
    endCharacter: f.end.character,
    ...(f.suppressed ? { suppressedByRepository: true } : {}),
  };
}

/** The inventory items of a document's live analysis. */
export function itemsOf(findings: readonly Finding[], lines: LineIndex): InventoryItem[] {
  return findings.map((f) => toItem({ ...f, start: lines.positionAt(f.start), end: lines.positionAt(f.end) })).filter((i): i is InventoryItem => !!i);
}

export interface ScanSettings {
  enable: boolean;
  maxFiles: number;
}

/**
 * The Shadow ML inventory of the whole workspace: a scan thread checks every Python file on
 * disk (incrementally after the first pass), and open documents replace their disk results with
 * the live analysis, so the sidebar agrees with the Problems panel.
 */
export class WorkspaceScan {
  private worker: Worker | undefined;
  private readonly disk = new Map<string, InventoryItem[]>();
  private readonly open = new Map<string, InventoryItem[]>();
  /** The saves and loads each file on disk names (catalog view), kept only for files that name some. */
  private readonly refs = new Map<string, ModelReference[]>();
  private nextId = 1;
  private current = 0;
  private scanning = false;
  private completed = false;
  private unscanned = 0;
  private disabled: string | undefined = 'no folder is open';
  private progress: WorkDoneProgressServerReporter | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private pending: { fresh: boolean } | undefined;
  private maxFiles = 5000;
  /** Files the current scan checks (for its progress). */
  private total = 0;

  constructor(
    private readonly connection: Connection,
    private readonly root: string | undefined,
    private trusted: boolean,
  ) {}

  /** Starts (or restarts) a scan; `fresh` forgets what was checked (configuration or trust changed). */
  scan(settings: ScanSettings, fresh = false): void {
    if (!this.root) return;
    if (!settings.enable) {
      this.stop();
      this.disk.clear();
      this.refs.clear();
      this.completed = true;
      this.disabled = 'the setting mlHygiene.workspaceScan.enable is off';
      this.changed();
      return;
    }
    this.disabled = undefined;
    if (this.scanning) {
      // NOTE: one scan at a time; a request during a scan runs once after it, merged.
      this.pending = { fresh: fresh || !!this.pending?.fresh };
      this.maxFiles = settings.maxFiles;
      return;
    }
    this.maxFiles = settings.maxFiles;
    this.run(fresh);
  }

  private run(fresh: boolean): void {
    const worker = (this.worker ??= this.startWorker());
    this.current = this.nextId++;
    this.scanning = true;
    // NOTE: a catalog appearing is a configuration change, so a fresh scan then lists the sites.
    const references = fs.existsSync(path.join(this.root!, CATALOG_DIR));
    const request: ScanRequest = { id: this.current, root: this.root!, maxFiles: this.maxFiles, trusted: this.trusted, fresh, references };
    worker.postMessage(request);
    this.changed();
  }

  private startWorker(): Worker {
    const worker = new Worker(path.join(__dirname, 'scanWorker.js'));
    worker.on('message', (reply: ScanReply) => void this.onReply(reply));
    worker.on('error', (err) => this.connection.console.error(`ML Hygiene workspace scan failed: ${err.stack ?? err}`));
    worker.on('exit', () => {
      // NOTE: a crashed thread is replaced at the next scan; the inventory keeps what it had.
      this.worker = undefined;
      if (this.scanning) this.finish();
    });
    return worker;
  }

  private async onReply(reply: ScanReply): Promise<void> {
    if (reply.id !== this.current) return;
    switch (reply.type) {
      case 'planned': {
        const keep = new Set(reply.files);
        for (const file of [...this.disk.keys()]) if (!keep.has(file)) this.disk.delete(file);
        for (const file of [...this.refs.keys()]) if (!keep.has(file)) this.refs.delete(file);
        this.unscanned = reply.unscanned;
        if (reply.toCheck > 0) {
          this.progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
          this.progress?.begin('ML Hygiene', 0, `Scanning ${reply.toCheck} files for Shadow ML`);
          this.total = reply.toCheck;
        }
        break;
      }
      case 'results':
        for (const result of reply.results) this.record(result);
        this.progress?.report(Math.round((100 * reply.checked) / Math.max(1, this.total)), `${reply.checked}/${this.total} files`);
        break;
      case 'failed':
        this.connection.console.error(`ML Hygiene workspace scan failed: ${reply.error}`);
        this.finish();
        return;
      case 'done':
        this.finish();
        return;
    }
    this.changed();
  }

  private record(result: FileResult): void {
    const items = result.findings.map(toItem).filter((i): i is InventoryItem => !!i);
    if (items.length) this.disk.set(result.path, items);
    else this.disk.delete(result.path);
    if (result.references?.length) this.refs.set(result.path, result.references);
    else this.refs.delete(result.path);
  }

  private finish(): void {
    this.scanning = false;
    this.completed = true;
    this.progress?.done();
    this.progress = undefined;
    this.changed();
    const next = this.pending;
    this.pending = undefined;
    if (next) this.run(next.fresh);
  }

  /** The live findings of an open document replace its disk results until it closes. */
  setOpen(file: string, items: InventoryItem[]): void {
    this.open.set(file, items);
    this.changed();
  }

  closed(file: string): void {
    if (this.open.delete(file)) this.changed();
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  /** The saves and loads files on disk name, by file (for the catalog view). */
  references(): ReadonlyMap<string, readonly ModelReference[]> {
    return this.refs;
  }

  /** True until the first scan has finished (the catalog's save and load sites are not known before). */
  get isScanning(): boolean {
    return this.scanning || (!!this.root && !this.completed);
  }

  inventory(): Inventory {
    const files = new Map(this.disk);
    for (const [file, items] of this.open) files.set(file, items);
    return {
      files: [...files].filter(([, items]) => items.length).sort(([a], [b]) => a.localeCompare(b)).map(([file, items]) => ({ uri: pathToFileURL(file).toString(), items })),
      scanning: this.scanning,
      unscanned: this.unscanned,
      ...(this.disabled ? { disabled: this.disabled } : {}),
    };
  }

  /** Tells the client to ask again, at most every 300 ms while a scan streams results. */
  private changed(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      void this.connection.sendNotification(INVENTORY_CHANGED).catch(() => undefined);
      // The catalog view's save and load sites come from the same scan.
      void this.connection.sendNotification(CATALOG_VIEW_CHANGED).catch(() => undefined);
    }, 300);
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    if (this.scanning) this.finish();
  }
}
