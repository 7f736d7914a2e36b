import * as fs from 'fs';

import { type CheckArgs, parseCheckArgs, USAGE, UsageError } from './args';
import { checkWithCache } from './cachedCheck';
import { ARTIFACT_EXTENSIONS, isArtifactPath } from '../artifacts/scan';
import { discover } from './discover';
import type { FileResult } from './fileResult';
import { packageJson } from './packageInfo';
import { checkFiles } from './pool';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { formatText } from './report/text';
import { scanArtifacts, SCAN_USAGE } from './scanArtifacts';

const RANK = { hint: 0, information: 1, warning: 2, error: 3, never: 4 } as const;

function render(args: CheckArgs, results: FileResult[]): string {
  const cwd = process.cwd();
  if (args.format === 'json') return formatJson(results, cwd);
  if (args.format === 'sarif') return formatSarif(results, cwd);
  return formatText(results, cwd);
}

/** Reports each distinct `[tool.ml-hygiene]` problem once, on standard error. */
function reportConfigProblems(results: FileResult[]): boolean {
  const seen = new Set<string>();
  for (const p of results.flatMap((r) => r.configProblems)) {
    const line = `${p.file}:${p.line + 1}: MLH001 ${p.message}`;
    if (!seen.has(line)) process.stderr.write(`${line}\n`);
    seen.add(line);
  }
  return seen.size > 0;
}

async function check(argv: string[]): Promise<number> {
  const args = parseCheckArgs(argv);
  const { files, missing } = discover(args.paths, args.artifacts ? ['.py', ...ARTIFACT_EXTENSIONS] : undefined);
  if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  // NOTE: model files skip the result cache: its key hashes the whole file, which costs more
  // than a scan that reads only the pickles of a checkpoint.
  const models = args.artifacts ? files.filter(isArtifactPath) : [];
  const python = files.filter((f) => !models.includes(f));
  const options = { fix: args.fix, select: args.select, ignore: args.ignore };
  const scanned = new Map((await checkFiles(models, options, 'artifacts')).map((r) => [r.path, r]));
  const checked = new Map((await checkWithCache(python, options, args.cacheDir)).map((r) => [r.path, r]));
  const results = files.map((f) => (scanned.get(f) ?? checked.get(f))!);
  const output = render(args, results);
  if (args.output) fs.writeFileSync(args.output, `${output}\n`);
  else process.stdout.write(`${output}\n`);
  const badConfig = reportConfigProblems(results);
  if (badConfig) return 2;
  const threshold = RANK[args.failOn];
  return results.some((r) => r.findings.some((f) => RANK[f.severity] >= threshold)) ? 1 : 0;
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
    if (command === 'scan-artifacts') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(`${SCAN_USAGE}\n`);
        return 0;
      }
      return await scanArtifacts(rest);
    }
    throw new UsageError(`unknown command "${command}" (available: check, scan-artifacts)`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ml-hygiene: ${err.message}\n\n${USAGE}\n`);
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
