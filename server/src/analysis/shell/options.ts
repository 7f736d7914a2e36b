import { type Word, wordAfter, wordPattern } from './words';

/** How a tool's options read their values. */
export interface OptionSpec {
  /** Options that take a value, long (`--output-document`) and short (`-O`). */
  values: ReadonlySet<string>;
  /** Options with a value that takes every following word up to the next option (argparse `nargs="*"`). */
  lists?: ReadonlySet<string>;
  /**
   * For a long option in neither set: take the next word as its value when it looks like one
   * (not a path or URL); tools with many value options (aws, gcloud) read best this way.
   */
  guessLong?: boolean;
}

/** One option as written, with its value when it takes one. */
export interface Option {
  /** `-O`, `--output-document` (short clusters are split: `-qO` gives `-q` and `-O`). */
  name: string;
  word: Word;
  value?: Word;
}

export interface ParsedArgs {
  options: Option[];
  positionals: Word[];
}

/** Reads the options and positional arguments of a command's words after the program (and subcommand). */
export function parseArgs(args: Word[], spec: OptionSpec, raw: (w: Word) => string): ParsedArgs {
  const options: Option[] = [];
  const positionals: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = wordPattern(word);
    if (text === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!text.startsWith('-') || text === '-') {
      positionals.push(word);
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq >= 0 ? text.slice(0, eq) : text;
      if (eq >= 0) {
        options.push({ name, word, value: wordAfter(word, eq + 1, raw(word)) });
      } else if (spec.lists?.has(name)) {
        options.push({ name, word });
        while (i + 1 < args.length && !wordPattern(args[i + 1]).startsWith('-')) options.push({ name, word, value: args[++i] });
      } else if (spec.values.has(name) || (spec.guessLong && i + 1 < args.length && looksLikeValue(wordPattern(args[i + 1])))) {
        options.push({ name, word, value: args[i + 1] });
        i++;
      } else {
        options.push({ name, word });
      }
      continue;
    }
    // A short option cluster: `-qO file`, `-Ofile`, `-L`.
    for (let k = 1; k < text.length; k++) {
      const name = `-${text[k]}`;
      if (!spec.values.has(name)) {
        options.push({ name, word });
        continue;
      }
      if (k + 1 < text.length) options.push({ name, word, value: wordAfter(word, k + 1, raw(word)) });
      else if (i + 1 < args.length) options.push({ name, word, value: args[++i] });
      else options.push({ name, word });
      break;
    }
  }
  return { options, positionals };
}

/** A word that reads as an option's value rather than a path, URL or bucket. */
function looksLikeValue(text: string): boolean {
  return !text.startsWith('-') && !/[/\\:.]/.test(text);
}

/** The values given for any of the names, in order. */
export function valuesOf(parsed: ParsedArgs, ...names: string[]): Word[] {
  return parsed.options.filter((o) => names.includes(o.name) && o.value).map((o) => o.value as Word);
}

/** True when any of the flags is given. */
export function hasFlag(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.includes(o.name));
}
