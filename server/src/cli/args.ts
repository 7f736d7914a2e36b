import { parseArgs } from 'util';

/** The parsed command line of `ml-hygiene check`. */
export interface CheckArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  output?: string;
  fix: boolean;
  select?: string[];
  ignore?: string[];
  failOn: 'error' | 'warning' | 'information' | 'never';
  /** Where the result cache lives; undefined with --no-cache. */
  cacheDir?: string;
}

/** The result cache's folder when neither --cache-dir nor --no-cache is given (in .gitignore). */
export const DEFAULT_CACHE_DIR = '.ml-hygiene-cache';

export class UsageError extends Error {}

const CODES = /^MLH\d{0,3}$/;

function codes(value: string | undefined, flag: string): string[] | undefined {
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
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  const failOn = values['fail-on'] === 'info' ? 'information' : (values['fail-on'] as string);
  if (!['error', 'warning', 'information', 'never'].includes(failOn)) {
    throw new UsageError(`--fail-on must be error, warning, info or never (got "${values['fail-on']}")`);
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    format: format as CheckArgs['format'],
    output: values.output,
    fix: values.fix === true,
    select: codes(values.select, '--select'),
    ignore: codes(values.ignore, '--ignore'),
    failOn: failOn as CheckArgs['failOn'],
    cacheDir: values['no-cache'] ? undefined : (values['cache-dir'] ?? DEFAULT_CACHE_DIR),
  };
}

export const USAGE = `Usage: ml-hygiene check [PATH...] [options]

Checks Python files and Jupyter notebooks for unsafe model loading (and, as rules
land, untrusted downloads and undeclared model saves). Folders are walked; .gitignore'd paths,
virtual environments and node_modules are skipped. Configuration comes from [tool.ml-hygiene]
in the nearest pyproject.toml.

Options:
  --format text|json|sarif   output format (default: text)
  -o, --output FILE          write the report to FILE instead of standard output
  --fix                      apply the safe fixes to the files
  --select CODES             only these rules (comma-separated codes or prefixes, e.g. MLH1)
  --ignore CODES             leave out these rules
  --fail-on LEVEL            error | warning | info | never (default: warning)
  --cache-dir DIR            keep the per-file result cache in DIR (default: .ml-hygiene-cache)
  --no-cache                 neither read nor write the result cache
  -h, --help                 show this help
  --version                  print the version

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage or configuration error.`;
