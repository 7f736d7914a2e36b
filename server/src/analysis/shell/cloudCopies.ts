import type { ShellDownload, ToolInput } from './downloads';
import { fileName, modelFormat, transportOf } from './modelFiles';
import { hasFlag, type OptionSpec, parseArgs } from './options';
import { type Word, wordPattern, wordText } from './words';

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const GSUTIL_TOP = /^-[ohui]$/;
const GSUTIL_CP: OptionSpec = { values: set('-a -L -s -z -j -i') };
const AWS_GLOBAL = /^--(?:profile|region|endpoint-url|output|ca-bundle|cli-read-timeout|cli-connect-timeout|color|query|cli-binary-format)$/;
const AWS_CP: OptionSpec = {
  values: set(`--acl --sse-c --sse-c-key --sse-kms-key-id --storage-class --grants --website-redirect --content-type --cache-control
    --content-disposition --content-encoding --content-language --expires --metadata --metadata-directive --expected-size --include
    --exclude --page-size --source-region --request-payer --checksum-mode --checksum-algorithm --copy-props --profile --region
    --endpoint-url --output --ca-bundle`),
  guessLong: true,
};
const GCLOUD_CP: OptionSpec = {
  values: set('--manifest-path --content-type --project --verbosity --cache-control --content-encoding --storage-class --encryption-key --billing-project --configuration --account --format'),
  guessLong: true,
};
const AZCOPY: OptionSpec = { values: set('--log-level --include-pattern --exclude-pattern --include-path --exclude-path --block-size-mb --cap-mbps --from-to --check-md5 --overwrite --list-of-files'), guessLong: true };

/** Flags of the cloud tools that never take a value (so the next word is a path). */
const FLAGS = /^(?:-[rRnmqcDAIMPUv]|--(?:recursive|quiet|dryrun|dry-run|no-progress|only-show-errors|follow-symlinks|no-follow-symlinks|no-guess-mime-type|ignore-glacier-warnings|force-glacier-transfer|no-sign-request|no-verify-ssl|debug|no-paginate|no-cli-pager|no-clobber|do-not-decompress|continue-on-error|preserve-posix|print-created-message|skip-unsupported|ignore-symlinks|daisy-chain|all-versions|as-subdir|put-md5))$/;

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The sub-command index after global options, with the option names that take a value. */
function after(args: Word[], from: number, values: RegExp): number {
  let i = from;
  while (i < args.length && (wordText(args[i]) ?? '').startsWith('-')) i += values.test(wordText(args[i]) ?? '') && !(wordText(args[i]) ?? '').includes('=') ? 2 : 1;
  return i;
}

/** Where the copy command's source and destination arguments start, and the tool's name for messages. */
function copyCommand(input: ToolInput): { tool: string; args: Word[]; spec: OptionSpec } | undefined {
  const { program, args } = input.inv;
  const sub = (i: number): string | undefined => wordText(args[i]);
  if (program === 'gsutil') {
    const at = after(args, 0, GSUTIL_TOP);
    return sub(at) === 'cp' ? { tool: 'gsutil cp', args: args.slice(at + 1), spec: GSUTIL_CP } : undefined;
  }
  if (program === 'aws') {
    const at = after(args, 0, AWS_GLOBAL);
    return sub(at) === 's3' && sub(at + 1) === 'cp' ? { tool: 'aws s3 cp', args: args.slice(at + 2), spec: AWS_CP } : undefined;
  }
  if (program === 'gcloud') {
    let at = after(args, 0, /^--(?:project|account|configuration|verbosity)$/);
    if (sub(at) === 'alpha' || sub(at) === 'beta') at++;
    return sub(at) === 'storage' && sub(at + 1) === 'cp' ? { tool: 'gcloud storage cp', args: args.slice(at + 2), spec: GCLOUD_CP } : undefined;
  }
  if (program === 'azcopy') {
    return sub(0) === 'copy' || sub(0) === 'cp' ? { tool: 'azcopy copy', args: args.slice(1), spec: AZCOPY } : undefined;
  }
  return undefined;
}

/** `gsutil cp`, `aws s3 cp`, `gcloud storage cp` and `azcopy copy` from a bucket or URL to a local model file. */
export function cloudCopy(input: ToolInput): ShellDownload[] {
  const copy = copyCommand(input);
  if (!copy) return [];
  const parsed = parseArgs(copy.args.filter((w) => !FLAGS.test(wordText(w) ?? '')), copy.spec, input.raw);
  const paths = parsed.positionals;
  if (paths.length < 2) return [];
  const target = wordPattern(paths[paths.length - 1]);
  if (REMOTE.test(target)) return [];
  const insecureTls = hasFlag(parsed, '--no-verify-ssl') || copy.args.some((w) => wordText(w) === '--no-verify-ssl');
  return paths.slice(0, -1).flatMap((word): ShellDownload[] => {
    const source = wordPattern(word);
    if (!REMOTE.test(source)) return [];
    const directory = target === '.' || /[\\/]$/.test(target) || !fileName(target).includes('.');
    const destination = directory ? `${target.replace(/[\\/]+$/, '')}/${fileName(source)}` : target;
    const format = modelFormat(source) ?? modelFormat(destination);
    if (!format) return [];
    return [{ tool: copy.tool, kind: 'file', start: word.start, end: word.end, source, destination, format, transport: transportOf(source), insecureTls: insecureTls || undefined, verified: input.verified }];
  });
}
