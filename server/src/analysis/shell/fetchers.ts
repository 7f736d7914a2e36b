import type { ShellDownload, ToolInput } from './downloads';
import { fileName, hubFileUrl, modelFormat, pinOf, transportOf } from './modelFiles';
import { hasFlag, type OptionSpec, parseArgs, valuesOf } from './options';
import { type Word, wordPattern } from './words';

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const WGET: OptionSpec = {
  values: set(`-O --output-document -P --directory-prefix -o --output-file -a --append-output -i --input-file -B --base -e --execute
    -t --tries -T --timeout -w --wait --waitretry -U --user-agent -Q --quota -l --level -A --accept -R --reject -D --domains
    -X --exclude-directories -I --include-directories --header --user --password --http-user --http-password --post-data
    --post-file --body-data --body-file --method --limit-rate --load-cookies --save-cookies --ca-certificate --certificate
    --private-key --bind-address --dns-timeout --connect-timeout --read-timeout --referer --proxy-user --proxy-password
    --restrict-file-names --progress --default-page --cut-dirs --config --report-speed --local-encoding --remote-encoding
    --ciphers --secure-protocol --max-redirect --retry-on-http-error --compression --backups --accept-regex --reject-regex
    --ftp-user --ftp-password --use-askpass`),
};

const CURL: OptionSpec = {
  values: set(`-o --output -d --data --data-binary --data-raw --data-urlencode --data-ascii -F --form --form-string -H --header
    -u --user -X --request -A --user-agent -e --referer -b --cookie -c --cookie-jar -x --proxy -U --proxy-user -m --max-time
    --connect-timeout -C --continue-at -r --range -w --write-out -T --upload-file -K --config -E --cert --key --cacert --capath
    --retry --retry-delay --retry-max-time --limit-rate -y --speed-time -Y --speed-limit --output-dir --url -z --time-cond
    --resolve --connect-to --interface --dns-servers --max-filesize --max-redirs --proto --proto-redir --ciphers --trace
    --trace-ascii --stderr -D --dump-header --oauth2-bearer --aws-sigv4 -Q --quote -P --ftp-port --noproxy --json --variable
    --cert-type --key-type --pass --tls-max --netrc-file --unix-socket --happy-eyeballs-timeout-ms --keepalive-time`),
};

const ARIA2C: OptionSpec = { values: set('-d --dir -o --out -x -s -k -j -i --input-file -U --user-agent -m -t -l --log --header'), guessLong: true };
const GDOWN: OptionSpec = { values: set('-O --output --proxy --speed --format --user-agent') };
const PY_WGET: OptionSpec = { values: set('-o --output') };

function joinPath(dir: string | undefined, name: string): string {
  return dir ? `${dir.replace(/[\\/]+$/, '')}/${name}` : name;
}

/** A fetch of one URL to a destination, when the URL or the destination is a model file or a Hub file. */
function fetched(tool: string, url: Word, destination: string | undefined, input: ToolInput, insecureTls = false): ShellDownload | undefined {
  const source = wordPattern(url);
  const hub = hubFileUrl(source);
  const format = modelFormat(source) ?? (destination ? modelFormat(destination) : undefined);
  if (!hub && !format) return undefined;
  return {
    tool,
    kind: 'file',
    start: url.start,
    end: url.end,
    source,
    destination,
    hub,
    revision: hub?.ref,
    pin: hub?.ref !== undefined ? pinOf(hub.ref) : undefined,
    format,
    transport: transportOf(source),
    insecureTls: insecureTls || undefined,
    verified: input.verified,
  };
}

/** The stdout redirection target of the command (`curl URL > model.pt`). */
function stdoutFile(input: ToolInput): string | undefined {
  const r = input.inv.command.redirects.find((x) => (x.op === '>' || x.op === '>>' || x.op === '>|' || x.op === '&>') && (x.fd === undefined || x.fd === 1));
  return r ? wordPattern(r.target) : undefined;
}

function wget(input: ToolInput): ShellDownload[] {
  const args = parseArgs(input.inv.args, WGET, input.raw);
  if (valuesOf(args, '-i', '--input-file').length) return [];
  const output = valuesOf(args, '-O', '--output-document').pop();
  const out = output && wordPattern(output) !== '-' ? wordPattern(output) : output ? stdoutFile(input) : undefined;
  const dir = valuesOf(args, '-P', '--directory-prefix').pop();
  const insecure = hasFlag(args, '--no-check-certificate');
  return args.positionals.flatMap((url) => {
    const dest = output ? out : joinPath(dir && wordPattern(dir), fileName(wordPattern(url)));
    return fetched('wget', url, dest, input, insecure) ?? [];
  });
}

function curl(input: ToolInput): ShellDownload[] {
  const args = parseArgs(input.inv.args, CURL, input.raw);
  // NOTE: `-T` and `-F` send a file; the URL then names where it goes, not what comes back.
  if (hasFlag(args, '-T', '--upload-file', '-F', '--form')) return [];
  const urls = [...args.positionals, ...valuesOf(args, '--url')].sort((a, b) => a.start - b.start);
  const dir = valuesOf(args, '--output-dir').pop();
  const remoteAll = hasFlag(args, '--remote-name-all');
  const outputs = args.options.filter((o) => o.name === '-o' || o.name === '--output' || o.name === '-O' || o.name === '--remote-name');
  const insecure = hasFlag(args, '-k', '--insecure');
  return urls.flatMap((url, i) => {
    const o = outputs[i];
    const named = o?.value ? wordPattern(o.value) : o || remoteAll ? fileName(wordPattern(url)) : undefined;
    const dest = named === undefined ? stdoutFile(input) : named === '-' ? stdoutFile(input) : joinPath(dir && wordPattern(dir), named);
    return fetched('curl', url, dest, input, insecure) ?? [];
  });
}

function aria2c(input: ToolInput): ShellDownload[] {
  const args = parseArgs(input.inv.args, ARIA2C, input.raw);
  const out = valuesOf(args, '-o', '--out').pop();
  const dir = valuesOf(args, '-d', '--dir').pop();
  const insecure = args.options.some((o) => o.name === '--check-certificate' && o.value && wordPattern(o.value) === 'false');
  return args.positionals.flatMap((url) => fetched('aria2c', url, joinPath(dir && wordPattern(dir), out ? wordPattern(out) : fileName(wordPattern(url))), input, insecure) ?? []);
}

function simpleFetch(tool: string, spec: OptionSpec, outputs: string[]) {
  return (input: ToolInput): ShellDownload[] => {
    const args = parseArgs(input.inv.args, spec, input.raw);
    const out = valuesOf(args, ...outputs).pop();
    const url = args.positionals[0];
    const found = url && fetched(tool, url, out ? wordPattern(out) : undefined, input);
    return found ? [found] : [];
  };
}

const FETCHERS: Record<string, (input: ToolInput) => ShellDownload[]> = {
  wget,
  wget2: wget,
  curl,
  aria2c,
  gdown: simpleFetch('gdown', GDOWN, ['-O', '--output']),
  'python -m wget': simpleFetch('python -m wget', PY_WGET, ['-o', '--output']),
};

/** A download by wget, curl, aria2c, gdown or `python -m wget`. */
export function fileFetch(input: ToolInput): ShellDownload[] {
  return FETCHERS[input.inv.program]?.(input) ?? [];
}
