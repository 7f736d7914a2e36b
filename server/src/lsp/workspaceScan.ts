import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { Worker } from 'worker_threads';

import type { LineIndex } from '../analysis/lineIndex';
import type { ModelReference } from '../analysis/modelReferences';
import { CATALOG_DIR } from '../catalog/fileCatalog';
import type { Family, Finding, Position } from '../analysis/types';
import { SOURCE_EXTENSIONS } from '../cli/discover';
import type { FileResult } from '../cli/fileResult';
import type { CatalogProblem } from '../catalog/yamlSource';
import { allRuleMeta } from '../rules';
import type { NotebookAnalysis } from './documentStore';
import type { Inventory, InventoryItem, InventoryKind } from './inventoryProtocol';
import { CATALOG_VIEW_CHANGED } from './catalogViewProtocol';
import { INVENTORY_CHANGED } from './inventoryProtocol';
import { toModelDiagnostic } from './convert';
import type { ReportRequest, ScanReply, ScanRequest } from './scanMessages';
import type { ScanReport } from './scanReportProtocol';

const KIND: Partial<Record<Family, InventoryKind>> = { deserialization: 'load', download: 'download', save: 'save', artifact: 'file' };
const FAMILY = new Map(allRuleMeta.map((r) => [r.code, r.family]));

interface Located {
  code: string;
  severity: InventoryItem['severity'];
  message: string;
  start: Position;
  end: Position;
  suppressed?: unknown;
  /** A notebook's finding: its cell and the range in the cell's text. */
  cell?: { index: number; start: Position; end: Position };
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
    // NOTE: in a notebook the cell's own coordinates, which the editor can open; not the JSON's.
    ...(f.cell
      ? { cell: f.cell.index, line: f.cell.start.line, character: f.cell.start.character, endLine: f.cell.end.line, endCharacter: f.cell.end.character }
      : { line: f.start.line, character: f.start.character, endLine: f.end.line, endCharacter: f.end.character }),
    ...(f.suppressed ? { suppressedByRepository: true } : {}),
  };
}

/** A model file of the scan (everything it reads that is not a Python file or a notebook). */
function isModelFile(file: string): boolean {
  return !SOURCE_EXTENSIONS.some((e) => file.endsWith(e));
}

/** The inventory items of a document's live analysis. */
export function itemsOf(findings: readonly Finding[], lines: LineIndex): InventoryItem[] {
  return findings.map((f) => toItem({ ...f, start: lines.positionAt(f.start), end: lines.positionAt(f.end) })).filter((i): i is InventoryItem => !!i);
}

/**
 * The inventory items of an open notebook's live analysis, each in its cell, named by the cell's
 * URI: the editor syncs only the Python cells, so the server does not know a cell's index.
 */
export function notebookItemsOf(analysis: NotebookAnalysis): InventoryItem[] {
  return analysis.findings.flatMap((f) => {
    const { cell, start, end } = analysis.source.rangeIn(f.start, f.end);
    const lines = analysis.source.lines(cell);
    const item = toItem({ ...f, start: lines.positionAt(start), end: lines.positionAt(end) });
    return item ? [{ ...item, cellUri: analysis.cells[cell].uri }] : [];
  });
}

export interface ScanSettings {
  enable: boolean;
  maxFiles: number;
  /** Model files larger than this are not read (mlHygiene.artifacts.maxFileSizeMB). */
  maxModelBytes: number;
}

/**
 * The Shadow ML inventory of the whole workspace: a scan thread checks every Python file on
 * disk (incrementally after the first pass), and open documents replace their disk results with
 * the live analysis, so the sidebar agrees with the Problems panel.
 */
export class WorkspaceScan {
  private worker: Worker | undefined;
  /** What the scan thread last checked (size and mtime per file), kept here across threads. */
  private stamps = new Map<string, string>();
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
  private maxModelBytes = 512 * 2 ** 20;
  /** Model files with diagnostics published (the scan owns them: no editor analyses them). */
  private readonly modelPublished = new Set<string>();
  private readonly reports = new Map<number, { resolve(r: ScanReport): void; reject(e: Error): void }>();
  private nextReport = 1;
  /** Told of the catalog notes (MLH305 Information on an entry's YAML) each model file gives. */
  catalogNotes?: (modelFile: string, notes: CatalogProblem[]) => void;

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
      for (const file of [...this.modelPublished]) this.publishModel({ path: file, findings: [], fixed: 0, configProblems: [] });
      this.disabled = 'the setting mlHygiene.workspaceScan.enable is off';
      this.changed();
      return;
    }
    this.disabled = undefined;
    if (this.scanning) {
      // NOTE: one scan at a time; a request during a scan runs once after it, merged.
      this.pending = { fresh: fresh || !!this.pending?.fresh };
      this.maxFiles = settings.maxFiles;
      this.maxModelBytes = settings.maxModelBytes;
      return;
    }
    this.maxFiles = settings.maxFiles;
    this.maxModelBytes = settings.maxModelBytes;
    this.run(fresh);
  }

  private run(fresh: boolean): void {
    const worker = (this.worker ??= this.startWorker());
    this.current = this.nextId++;
    this.scanning = true;
    // NOTE: a catalog appearing is a configuration change, so a fresh scan then lists the sites.
    const references = fs.existsSync(path.join(this.root!, CATALOG_DIR));
    const request: ScanRequest = { id: this.current, root: this.root!, maxFiles: this.maxFiles, trusted: this.trusted, fresh, references, maxModelBytes: this.maxModelBytes, stamps: fresh ? [] : [...this.stamps] };
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
      for (const [, pending] of this.reports) pending.reject(new Error('the scan thread stopped'));
      this.reports.clear();
      if (this.scanning) this.finish();
    });
    return worker;
  }

  private async onReply(reply: ScanReply): Promise<void> {
    if (reply.type === 'report' || reply.type === 'report-failed') {
      const pending = this.reports.get(reply.id);
      this.reports.delete(reply.id);
      if (reply.type === 'report') pending?.resolve(reply.report);
      else pending?.reject(new Error(reply.error));
      this.release();
      return;
    }
    if (reply.id !== this.current) return;
    switch (reply.type) {
      case 'planned': {
        const keep = new Set(reply.files);
        for (const file of [...this.disk.keys()]) if (!keep.has(file)) this.disk.delete(file);
        for (const file of [...this.refs.keys()]) if (!keep.has(file)) this.refs.delete(file);
        for (const file of [...this.modelPublished]) if (!keep.has(file)) this.publishModel({ path: file, findings: [], fixed: 0, configProblems: [] });
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
        this.stamps = new Map(reply.stamps);
        this.finish();
        this.release();
        return;
    }
    this.changed();
  }

  /**
   * Stops the idle scan thread: its heap and the parser's WebAssembly memory (which never shrinks)
   * are returned, and the next scan or report starts a new one (~0.1 s).
   */
  private release(): void {
    if (this.scanning || this.pending || this.reports.size > 0 || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    worker.removeAllListeners('exit');
    void worker.terminate();
  }

  private record(result: FileResult): void {
    if (isModelFile(result.path)) this.publishModel(result);
    // NOTE: "Dangerous model files" lists what is dangerous or suspicious, not notes (a file
    // over the size cap, a low-level oddity) that stay in the Problems panel.
    const listed = isModelFile(result.path) ? result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning') : result.findings;
    const items = listed.map(toItem).filter((i): i is InventoryItem => !!i);
    if (items.length) this.disk.set(result.path, items);
    else this.disk.delete(result.path);
    if (result.references?.length) this.refs.set(result.path, result.references);
    else this.refs.delete(result.path);
  }

  /** Publishes a model file's findings as diagnostics on it, and its catalog notes. */
  private publishModel(result: FileResult): void {
    const uri = pathToFileURL(result.path).toString();
    if (result.findings.length === 0 && !this.modelPublished.has(result.path)) {
      this.catalogNotes?.(result.path, []);
      return;
    }
    if (result.findings.length) this.modelPublished.add(result.path);
    else this.modelPublished.delete(result.path);
    void this.connection.sendDiagnostics({ uri, diagnostics: result.findings.map(toModelDiagnostic) }).catch(() => undefined);
    this.catalogNotes?.(result.path, result.catalogNotes ?? []);
  }

  /** The scan report of a model file, computed in the scan thread (never on the server's main thread). */
  report(file: string, trusted: boolean, maxModelBytes: number): Promise<ScanReport> {
    const worker = (this.worker ??= this.startWorker());
    const id = this.nextReport++;
    const request: ReportRequest = { type: 'report', id, file, root: this.root, maxModelBytes, trusted };
    return new Promise<ScanReport>((resolve, reject) => {
      this.reports.set(id, { resolve, reject });
      worker.postMessage(request);
    });
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
