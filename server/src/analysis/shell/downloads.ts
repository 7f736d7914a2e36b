import { cloudCopy } from './cloudCopies';
import { fileFetch } from './fetchers';
import { type Invocation, invocationOf } from './invocations';
import type { HubRef, ModelFormat } from './modelFiles';
import { gitClone, hubCliDownload } from './repositories';
import { parseCommandLine, type SimpleCommand, type Word, type WordPart, wordText } from './words';

/** How a download is pinned to fixed content; `placeholder` is the `<commit sha>` a quick fix inserts. */
export type Pin = 'pinned' | 'short' | 'mutable' | 'missing' | 'unknown' | 'placeholder';

/** A model download a command line makes. Offsets are those of the words it was read from. */
export interface ShellDownload {
  /** The tool as a user would name it: `wget`, `curl`, `hf download`, `git clone`, `aws s3 cp`. */
  tool: string;
  /** `file`: a URL or bucket object fetched; `hub-cli`: a Hub CLI download; `clone`: a git clone. */
  kind: 'file' | 'hub-cli' | 'clone';
  /** What to underline: the URL or repository, or the revision when it is the problem. */
  start: number;
  end: number;
  /** The URL, bucket object or repository, `*` for unknown parts. */
  source: string;
  /** Where it is written, when known (`*` for unknown parts). */
  destination?: string;
  /** The Hub (or ModelScope) repository, for Hub URLs, Hub CLI downloads and clones. */
  hub?: HubRef;
  /** The revision a Hub download or clone asks for, as written (`*` for unknown parts). */
  revision?: string;
  /** For Hub downloads and clones: how pinned the content is. Undefined for other URLs. */
  pin?: Pin;
  /** The model file's format when a URL or destination names one (`undefined` for a Hub file of another type). */
  format?: ModelFormat;
  transport: 'secure' | 'insecure' | 'unknown';
  /** True when TLS verification is switched off (`--no-check-certificate`, `-k`). */
  insecureTls?: boolean;
  /** True when the same command line verifies a checksum or signature (`sha256sum -c`, `aria2c --checksum`). */
  verified: boolean;
}

/** What a tool recognizer reads: the invocation, the rest of the line, and raw text for offsets. */
export interface ToolInput {
  inv: Invocation;
  /** Every simple command of the line, and this one's index among them (a later `git checkout <sha>`). */
  line: Invocation[];
  index: number;
  raw(word: Word): string;
  verified: boolean;
}

const CHECKSUM = /^(?:sha(?:1|224|256|384|512)sum|md5sum|b2sum|shasum|sha256|rhash)$/;

/** True when the invocation checks a digest or a signature. */
function verifies(inv: Invocation): boolean {
  const args = inv.args.map((w) => wordText(w) ?? '');
  if (CHECKSUM.test(inv.program)) return args.some((a) => a === '--check' || /^-[a-z]*c[a-z]*$/.test(a));
  if (/^gpg2?$/.test(inv.program)) return args.includes('--verify');
  if (inv.program === 'cosign') return args[0] === 'verify-blob';
  if (inv.program === 'openssl') return args.includes('-verify');
  if (inv.program === 'aria2c') return args.some((a) => a.startsWith('--checksum'));
  if (inv.program === 'azcopy') return args.some((a) => /^--check-md5=?(?:FailIfDifferent)/.test(a)) || args.some((a, i) => a === '--check-md5' && /^FailIfDifferent/.test(args[i + 1] ?? ''));
  return false;
}

/** `NAME=value` (optionally after `export`) in a command that only assigns. */
function assignments(command: SimpleCommand): Array<[string, WordPart[]]> | undefined {
  const words = wordText(command.words[0]) === 'export' ? command.words.slice(1) : command.words;
  const out: Array<[string, WordPart[]]> = [];
  for (const w of words) {
    const first = w.parts[0];
    const m = typeof first === 'string' ? /^([A-Za-z_]\w*)=/.exec(first) : null;
    if (!m || typeof first !== 'string') return undefined;
    out.push([m[1], [first.slice(m[0].length), ...w.parts.slice(1)].filter((p) => p !== '')]);
  }
  return out;
}

/** A word with `$NAME` replaced by what an earlier assignment on the line gave NAME. */
function substitute(word: Word, vars: Map<string, WordPart[]>): Word {
  if (!word.parts.some((p) => typeof p !== 'string' && p.name && vars.has(p.name))) return word;
  const parts: WordPart[] = [];
  for (const p of word.parts) {
    const value = typeof p !== 'string' && p.name ? vars.get(p.name) : undefined;
    for (const q of value ?? [p]) {
      if (typeof q === 'string' && typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += q;
      else parts.push(q);
    }
  }
  return { ...word, parts };
}

const RECOGNIZERS = [fileFetch, hubCliDownload, gitClone, cloudCopy];
const SHELLS = /^(?:sh|bash|zsh|dash|ksh)$/;
const MAX_NESTING = 3;

/**
 * The model downloads in a parsed command line. With `text` (the line the commands were parsed
 * from) underlines can be placed inside a word (`-Omodel.pt`) and `bash -c "..."` bodies are read.
 */
export function findDownloads(commands: SimpleCommand[], text?: string, depth = 0): ShellDownload[] {
  const vars = new Map<string, WordPart[]>();
  const invocations: Invocation[] = [];
  const out: ShellDownload[] = [];
  for (const command of commands) {
    const assigned = assignments(command);
    if (assigned) {
      for (const [name, parts] of assigned) vars.set(name, parts);
      continue;
    }
    const inv = invocationOf({ ...command, words: command.words.map((w) => substitute(w, vars)) });
    if (inv) invocations.push(inv);
  }
  const verified = invocations.some(verifies);
  const raw = (w: Word): string => (text === undefined ? wordText(w) ?? '' : text.slice(w.start, w.end));
  invocations.forEach((inv, i) => {
    if (SHELLS.test(inv.program) && text !== undefined && depth < MAX_NESTING) {
      out.push(...nestedShell(inv, text, depth));
      return;
    }
    for (const recognize of RECOGNIZERS) {
      const found = recognize({ inv, line: invocations, index: i, raw, verified });
      if (found.length) {
        out.push(...found);
        break;
      }
    }
  });
  return out;
}

/** The downloads in `bash -c "<script>"`, placed in the outer text when the script is written plainly. */
function nestedShell(inv: Invocation, text: string, depth: number): ShellDownload[] {
  const at = inv.args.findIndex((w) => /^-[a-z]*c$/.test(wordText(w) ?? ''));
  const script = at >= 0 ? inv.args[at + 1] : undefined;
  const body = script && wordText(script);
  if (!script || body === undefined) return [];
  const written = text.slice(script.start, script.end);
  const exact = written === `'${body}'` || written === `"${body}"` && !/[\\$`]/.test(body) || written === body;
  const offset = written === body ? script.start : script.start + 1;
  // NOTE: the words of the script are parsed on their own; their offsets are shifted back into
  // the outer text when the script is written without escapes, and otherwise the script word is underlined.
  return findDownloads(parseCommandLine(body), body, depth + 1).map((d) =>
    exact ? { ...d, start: d.start + offset, end: d.end + offset } : { ...d, start: script.start, end: script.end },
  );
}
