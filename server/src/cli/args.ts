import { parseArgs } from 'util';

/** The parsed command line of `ml-hygiene check`. */
export interface CheckArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'gitlab-sast';
  output?: string;
  fix: boolean;
  select?: string[];
  ignore?: string[];
  failOn: 'error' | 'warning' | 'information' | 'never';
  /** Where the result cache lives; undefined with --no-cache. */
  cacheDir?: string;
  /** Write `# noqa: CODE` on the line of every finding. */
  addNoqa: boolean;
  /** The baseline file given with --baseline (else each project's own, engine/baseline.ts). */
  baseline?: string;
  /** --no-baseline: report every finding, whatever baseline there is. */
  noBaseline: boolean;
  /** --write-baseline: record the current findings as the baseline instead of reporting them. */
  writeBaseline: boolean;
  /** Also scan the model files met (`.pkl`, `.pt`, ...); off with --no-artifacts. */
  artifacts: boolean;
}

/** The result cache's folder when neither --cache-dir nor --no-cache is given (in .gitignore). */
export const DEFAULT_CACHE_DIR = '.ml-hygiene-cache';

export class UsageError extends Error {}

/** Severities ranked for `--fail-on` (`never` above them all); shared by every command's exit code. */
export const FAIL_RANK = { hint: 0, information: 1, warning: 2, error: 3, never: 4 } as const;

const CODES = /^MLH\d{0,3}$/;

/** A comma-separated list of rule codes or prefixes given to `flag`; throws UsageError on a bad one. */
export function codes(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((c) => !CODES.test(c));
  if (bad.length) throw new UsageError(`${flag}: not a rule code or prefix: ${bad.join(', ')} (expected e.g. MLH110 or MLH1)`);
  return list;
}

/** Parses `check` arguments; throws UsageError with a clear message on anything wrong. */
export function parseCheckArgs(argv: string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        fix: { type: 'boolean', default: false },
        select: { type: 'string' },
        ignore: { type: 'string' },
        'fail-on': { type: 'string', default: 'warning' },
        'cache-dir': { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        'add-noqa': { type: 'boolean', default: false },
        baseline: { type: 'string' },
        'no-baseline': { type: 'boolean', default: false },
        'write-baseline': { type: 'boolean', default: false },
        'no-artifacts': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!['text', 'json', 'sarif', 'gitlab-sast'].includes(format)) throw new UsageError(`--format must be text, json, sarif or gitlab-sast (got "${format}")`);
  const failOn = values['fail-on'] === 'info' ? 'information' : (values['fail-on'] as string);
  if (!['error', 'warning', 'information', 'never'].includes(failOn)) {
    throw new UsageError(`--fail-on must be error, warning, info or never (got "${values['fail-on']}")`);
  }
  if (values['no-baseline'] && (values.baseline !== undefined || values['write-baseline'])) {
    throw new UsageError('--no-baseline cannot be combined with --baseline or --write-baseline');
  }
  if (values['write-baseline'] && values['add-noqa']) throw new UsageError('--write-baseline and --add-noqa are two ways to accept the current findings: choose one');
  return {
    paths: positionals.length ? positionals : ['.'],
    format: format as CheckArgs['format'],
    output: values.output,
    fix: values.fix === true,
    select: codes(values.select, '--select'),
    ignore: codes(values.ignore, '--ignore'),
    failOn: failOn as CheckArgs['failOn'],
    cacheDir: values['no-cache'] ? undefined : (values['cache-dir'] ?? DEFAULT_CACHE_DIR),
    addNoqa: values['add-noqa'] === true,
    baseline: values.baseline,
    noBaseline: values['no-baseline'] === true,
    writeBaseline: values['write-baseline'] === true,
    artifacts: values['no-artifacts'] !== true,
  };
}

export const USAGE = `Usage: ml-hygiene check [PATH...] [options]
       ml-hygiene catalog validate|list|export|init [PATH] [options]   (see: ml-hygiene catalog --help)
       ml-hygiene scan-artifacts [PATH...] [options]   (see scan-artifacts --help)

Checks Python files and Jupyter notebooks for unsafe model loading, untrusted model downloads
and remote code, and scans the model files it meets (never loading them). Folders are walked;
.gitignore'd paths, virtual environments and node_modules are skipped. Configuration comes from
[tool.ml-hygiene] in the nearest pyproject.toml.

Options:
  --format FORMAT            text, json, sarif (code scanning) or gitlab-sast (GitLab's SAST
                             report); default: text
  -o, --output FILE          write the report to FILE instead of standard output
  --fix                      apply the safe fixes to the files
  --select CODES             only these rules (comma-separated codes or prefixes, e.g. MLH1)
  --ignore CODES             leave out these rules
  --fail-on LEVEL            error | warning | info | never (default: warning)
  --cache-dir DIR            keep the per-file result cache in DIR (default: .ml-hygiene-cache)
  --no-cache                 neither read nor write the result cache
  --add-noqa                 write \`# noqa: CODE\` on the line of every finding (existing
                             comments kept, codes merged into an existing \`# noqa:\` list)
  --baseline FILE            report only findings not recorded in FILE (default: the project's
                             [tool.ml-hygiene] baseline, else .ml-hygiene-baseline.json beside
                             its pyproject.toml or in the current folder, when it exists)
  --write-baseline           record the current findings in the baseline file and exit 0
  --no-baseline              report every finding, ignoring any baseline
  --no-artifacts             do not scan model files (.pkl, .pt, .joblib, .npy, ...; MLH4xx)
  -h, --help                 show this help
  --version                  print the version

Exit codes: 0 no finding at or above --fail-on outside the baseline, 1 findings at or above it,
2 usage or configuration error (a malformed baseline included). --write-baseline exits 0 once
written; --add-noqa exits by what is left (a file that cannot be written back keeps its findings).`;
