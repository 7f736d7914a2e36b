import * as fs from 'fs';

import * as path from 'path';

import { ARTIFACT_EXTENSIONS, isArtifactPath } from '../artifacts/scan';
import type { ConfigProblem } from '../config/projectConfig';
import { type CheckArgs, FAIL_RANK, parseCheckArgs, USAGE, UsageError } from './args';
import { applyBaselines, writeBaselines } from './baseline';
import { checkThroughCache } from './cachedCheck';
import { CATALOG_USAGE, catalogCommand } from './catalogCommand';
import { discover, SOURCE_EXTENSIONS } from './discover';
import type { FileResult } from './fileResult';
import { packageJson } from './packageInfo';
import { Checker } from './pool';
import { ResultCache } from './resultCache';
import { formatGitlabSast } from './report/gitlabSast';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { formatText } from './report/text';
import { scanArtifacts, SCAN_USAGE } from './scanArtifacts';


function render(args: CheckArgs, results: FileResult[], notes: string[], started: Date): string {
  const cwd = process.cwd();
  if (args.format === 'json') return formatJson(results, cwd);
  if (args.format === 'gitlab-sast') return formatGitlabSast(results, cwd, started, new Date());
  if (args.format === 'sarif') return formatSarif(results, cwd);
  return formatText(results, cwd, notes);
}

/** Reports each distinct `[tool.ml-hygiene]` or baseline problem once, on standard error. */
function reportConfigProblems(problems: ConfigProblem[]): boolean {
  const seen = new Set<string>();
  for (const p of problems) {
    const line = `${p.file}:${p.line + 1}: MLH001 ${p.message}`;
    if (!seen.has(line)) process.stderr.write(`${line}\n`);
    seen.add(line);
  }
  return seen.size > 0;
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function check(argv: string[]): Promise<number> {
  const started = new Date();
  const args = parseCheckArgs(argv);
  // NOTE: with a result cache, the workers give each file's digest, so the cache's keys need no
  // second read. With a folder to walk and no warm cache, there will be files for the threads: they
  // start now and load the engine while the folders are walked.
  const options = { fix: args.fix, addNoqa: args.addNoqa, select: args.select, ignore: args.ignore, digest: args.cacheDir !== undefined };
  const checker = new Checker(options);
  if (args.paths.some(isFolder) && (args.cacheDir === undefined || !ResultCache.exists(args.cacheDir, options))) checker.warmUp();
  const { files, missing } = discover(args.paths, args.artifacts ? [...SOURCE_EXTENSIONS, ...ARTIFACT_EXTENSIONS] : undefined);
  if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  if (args.baseline !== undefined && !args.writeBaseline && !fs.existsSync(args.baseline)) {
    throw new UsageError(`--baseline: no such file: ${args.baseline} (make it with --write-baseline)`);
  }
  // NOTE: model files skip the result cache: its key hashes the whole file, which costs more
  // than a scan that reads only the pickles of a checkpoint.
  const models = new Set(args.artifacts ? files.filter(isArtifactPath) : []);
  const python = files.filter((f) => !models.has(f));
  checker.push([...models], 'artifacts');
  const cached = await checkThroughCache(python, options, args.cacheDir, checker);
  const checked = await checker.finish();
  cached.store();
  const all = files.map((f) => (cached.hits.get(f) ?? checked.get(f))!);
  const configProblems = all.flatMap((r) => r.configProblems);
  if (args.writeBaseline) {
    let written;
    try {
      written = writeBaselines(all, args.baseline);
    } catch (err) {
      process.stderr.write(`ml-hygiene: cannot write the baseline: ${(err as Error).message}\n`);
      return 2;
    }
    for (const { file, count } of written) {
      process.stdout.write(`Wrote ${count} finding(s) to the baseline ${path.relative(process.cwd(), file) || file}.\n`);
    }
    return reportConfigProblems(configProblems) ? 2 : 0;
  }
  const baseline = args.noBaseline ? undefined : applyBaselines(all, args.baseline);
  const results = baseline?.results ?? all;
  const notes: string[] = [];
  const added = all.reduce((n, r) => n + (r.noqaAdded ?? 0), 0);
  if (args.addNoqa) notes.push(`Added ${added} # noqa code(s).`);
  if (baseline?.known) notes.push(`${baseline.known} finding(s) in the baseline not shown (--no-baseline shows them).`);
  if (baseline?.stale) notes.push(`${baseline.stale} baseline entr${baseline.stale === 1 ? 'y matches' : 'ies match'} no finding any more: --write-baseline prunes them.`);
  const output = render(args, results, notes, started);
  if (args.output) fs.writeFileSync(args.output, `${output}\n`);
  else process.stdout.write(`${output}\n`);
  // The machine-readable formats have no room for them, but a CI log does.
  if (args.format !== 'text') for (const note of notes) process.stderr.write(`ml-hygiene: ${note}\n`);
  const badConfig = reportConfigProblems([...configProblems, ...(baseline?.problems ?? [])]);
  if (badConfig) return 2;
  const threshold = FAIL_RANK[args.failOn];
  return results.some((r) => r.findings.some((f) => FAIL_RANK[f.severity] >= threshold)) ? 1 : 0;
}

/** The `ml-hygiene` command: returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (command === '--version') {
      process.stdout.write(`${packageJson().version}\n`);
      return 0;
    }
    if (command === 'check') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      return await check(rest);
    }
    if (command === 'catalog') return catalogCommand(rest);
    if (command === 'scan-artifacts') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(`${SCAN_USAGE}\n`);
        return 0;
      }
      return await scanArtifacts(rest);
    }
    throw new UsageError(`unknown command "${command}" (available: check, scan-artifacts, catalog)`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ml-hygiene: ${err.message}\n\n${command === 'catalog' ? CATALOG_USAGE : USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ml-hygiene: internal error: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 2;
    },
  );
}
