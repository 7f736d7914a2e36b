import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';

import { applyWrite, createCatalogWrite } from '../catalog/catalogWrite';
import { toBackstageYaml } from '../catalog/export/backstage';
import { toCycloneDx } from '../catalog/export/cyclonedx';
import { toModelCard } from '../catalog/export/modelCard';
import { CATALOG_DIR, findCatalogDir, type LoadedCatalog, loadCatalog, repositoryRoot } from '../catalog/fileCatalog';
import { UsageError } from './args';
import { formatCatalogList, formatValidation, validationFails } from './catalogReport';
import { packageJson } from './packageInfo';

export const CATALOG_USAGE = `Usage: ml-hygiene catalog <command> [PATH] [options]

The model catalog: .mlcatalog/models/<id>.yaml and .mlcatalog/policy.yaml, the nearest
.mlcatalog/ at or above PATH (default: the current folder), up to the repository root.

Commands:
  validate [PATH] [--strict]   report every error with file and line; exit 1 on any invalid
                               entry or policy (--strict: also on entries incomplete for their
                               criticality or tier)
  list [PATH] [--format text|json]
                               the entries, their owners, criticality, tiers and state
  export [PATH] --format cyclonedx|backstage|model-card [--id ID] [-o FILE]
                               CycloneDX 1.6 ML-BOM, Backstage Resources (ai-model) or a
                               Markdown model card (one model: --id) of the valid entries
  init [PATH]                  create .mlcatalog/ with a starter policy in PATH

Exit codes: 0 fine, 1 validation failed, 2 usage error or no catalog found.`;

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The catalog for PATH: PATH's own `.mlcatalog/`, PATH itself if it is one, or the nearest above it. */
function locate(target: string): LoadedCatalog {
  const full = path.resolve(target);
  if (!fs.existsSync(full)) throw new UsageError(`no such file or folder: ${target}`);
  const dir = path.basename(full) === CATALOG_DIR ? full : findCatalogDir(path.join(fs.statSync(full).isDirectory() ? full : path.dirname(full), '_'));
  if (!dir) throw new UsageError(`no ${CATALOG_DIR}/ folder at or above ${target} (up to ${repositoryRoot(full) ?? 'the file system root'}); create one with: ml-hygiene catalog init`);
  return loadCatalog(dir);
}

function output(text: string, file: string | undefined): void {
  if (file) fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function validate(argv: string[]): number {
  const { values, positionals } = parse(argv, { strict: { type: 'boolean', default: false } });
  const catalog = locate(positionals[0] ?? '.');
  const strict = values.strict === true;
  output(formatValidation(catalog, process.cwd(), strict), undefined);
  return validationFails(catalog, strict) ? 1 : 0;
}

function list(argv: string[]): number {
  const { values, positionals } = parse(argv, { format: { type: 'string', default: 'text' } });
  if (!['text', 'json'].includes(values.format as string)) throw new UsageError(`--format must be text or json (got "${values.format}")`);
  const catalog = locate(positionals[0] ?? '.');
  output(formatCatalogList(catalog, process.cwd(), values.format as 'text' | 'json'), undefined);
  return 0;
}

function exportCatalog(argv: string[]): number {
  const { values, positionals } = parse(argv, { format: { type: 'string' }, id: { type: 'string' }, output: { type: 'string', short: 'o' } });
  const format = values.format as string | undefined;
  if (!format || !['cyclonedx', 'backstage', 'model-card'].includes(format)) throw new UsageError(`--format must be cyclonedx, backstage or model-card${format ? ` (got "${format}")` : ''}`);
  const catalog = locate(positionals[0] ?? '.');
  for (const r of catalog.records.filter((x) => !x.valid)) process.stderr.write(`ml-hygiene: ${path.relative(process.cwd(), r.file)} is invalid and left out of the export (see: ml-hygiene catalog validate)\n`);
  let entries = catalog.entries;
  if (values.id) {
    entries = entries.filter((e) => e.id === values.id);
    if (!entries.length) throw new UsageError(`no valid entry with id "${values.id}" (valid: ${catalog.entries.map((e) => e.id).join(', ') || 'none'})`);
  }
  const file = values.output as string | undefined;
  if (format === 'cyclonedx') output(JSON.stringify(toCycloneDx(entries, { name: 'ml-hygiene', version: packageJson().version }), null, 2), file);
  else if (format === 'backstage') output(toBackstageYaml(entries), file);
  else {
    if (entries.length !== 1) throw new UsageError(`a model card describes one model: choose it with --id (valid: ${entries.map((e) => e.id).join(', ') || 'none'})`);
    output(toModelCard(entries[0]), file);
  }
  return 0;
}

function init(argv: string[]): number {
  const { positionals } = parse(argv, {});
  const folder = path.resolve(positionals[0] ?? '.');
  const result = applyWrite(createCatalogWrite(folder));
  if (!result.ok) {
    process.stderr.write(`ml-hygiene: ${result.message}\n`);
    return 1;
  }
  process.stdout.write(`Created ${result.written.map((f) => path.relative(process.cwd(), f)).join(', ')}. Declare models in ${path.join(CATALOG_DIR, 'models')}/<id>.yaml.\n`);
  return 0;
}

/** `ml-hygiene catalog …`: returns the exit code; throws UsageError on bad arguments. */
export function catalogCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (!sub || sub === '-h' || sub === '--help' || rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(`${CATALOG_USAGE}\n`);
    return sub ? 0 : 2;
  }
  if (sub === 'validate') return validate(rest);
  if (sub === 'list') return list(rest);
  if (sub === 'export') return exportCatalog(rest);
  if (sub === 'init') return init(rest);
  throw new UsageError(`unknown catalog command "${sub}" (available: validate, list, export, init)`);
}
