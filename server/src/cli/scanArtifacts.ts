import * as fs from 'fs';
import { parseArgs } from 'util';

import { ARTIFACT_EXTENSIONS } from '../artifacts/scan';
import { codes, FAIL_RANK, UsageError } from './args';
import { discover } from './discover';
import { checkFiles } from './pool';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { formatText } from './report/text';

export const SCAN_USAGE = `Usage: ml-hygiene scan-artifacts [PATH...] [options]

Scans model files (pickle, PyTorch zip and legacy, joblib, NumPy .npy/.npz, Keras .keras,
safetensors) for code they would run when loaded, without loading them (MLH401-MLH405). The
format is decided by content, not by extension: files named on the command line are scanned
whatever their name; folders are walked for ${ARTIFACT_EXTENSIONS.join(' ')}.

Options:
  --format text|json|sarif   output format (default: text)
  -o, --output FILE          write the report to FILE instead of standard output
  --select CODES             only these rules (comma-separated codes or prefixes, e.g. MLH401)
  --ignore CODES             leave out these rules
  --fail-on LEVEL            error | warning | info | never (default: warning)
  -h, --help                 show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage or configuration error.`;

/** `ml-hygiene scan-artifacts`: returns the exit code (the same codes as `check`). */
export async function scanArtifacts(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        select: { type: 'string' },
        ignore: { type: 'string' },
        'fail-on': { type: 'string', default: 'warning' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  const failOn = (values['fail-on'] === 'info' ? 'information' : values['fail-on']) as keyof typeof FAIL_RANK;
  if (!['error', 'warning', 'information', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or never (got "${values['fail-on']}")`);
  const { files, missing } = discover(positionals.length ? positionals : ['.'], ARTIFACT_EXTENSIONS);
  if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  const results = await checkFiles(files, { fix: false, select: codes(values.select, '--select'), ignore: codes(values.ignore, '--ignore') }, 'artifacts');
  const cwd = process.cwd();
  const output = format === 'json' ? formatJson(results, cwd) : format === 'sarif' ? formatSarif(results, cwd) : formatText(results, cwd);
  if (values.output) fs.writeFileSync(values.output, `${output}\n`);
  else process.stdout.write(`${output}\n`);
  const seen = new Set<string>();
  for (const p of results.flatMap((r) => r.configProblems)) {
    const line = `${p.file}:${p.line + 1}: MLH001 ${p.message}`;
    if (!seen.has(line)) process.stderr.write(`${line}\n`);
    seen.add(line);
  }
  if (seen.size) return 2;
  return results.some((r) => r.findings.some((f) => FAIL_RANK[f.severity] >= FAIL_RANK[failOn])) ? 1 : 0;
}
