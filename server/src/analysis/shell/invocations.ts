import { type SimpleCommand, type Word, type WordPart, wordText } from './words';

/** A program run by a simple command, once assignments and wrappers (`sudo`, `env`) are removed. */
export interface Invocation {
  /**
   * The program's name without its directory or `.exe` (`wget`, `git`); for `python -m M`, the
   * tool module M stands for (`huggingface-cli`, `hf`), or `python -m M` for other modules.
   */
  program: string;
  /** The program word, for messages and underlines. */
  word: Word;
  args: Word[];
  command: SimpleCommand;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Wrappers that run the rest of the command line, with the options of theirs that take a value. */
const WRAPPERS: Record<string, { values: RegExp; first?: 'duration' }> = {
  sudo: { values: /^-[ugpChDrtUT]$|^--(?:user|group|host|prompt|close-from|chdir|role|type|other-user|command-timeout)$/ },
  env: { values: /^-[uCS]$|^--(?:unset|chdir|split-string)$/ },
  nohup: { values: /^$/ },
  time: { values: /^-[fo]$/ },
  exec: { values: /^-a$/ },
  command: { values: /^$/ },
  builtin: { values: /^$/ },
  nice: { values: /^-n$|^--adjustment$/ },
  ionice: { values: /^-[cnp]$/ },
  stdbuf: { values: /^-[ioe]$/ },
  timeout: { values: /^-[sk]$|^--(?:signal|kill-after)$/, first: 'duration' },
};

/** `python -m` modules that are the command-line tools the matcher knows. */
const MODULES: Record<string, string> = {
  'huggingface_hub.commands.huggingface_cli': 'huggingface-cli',
  'huggingface_hub.cli.hf': 'hf',
  huggingface_hub: 'hf',
  wget: 'python -m wget',
  gdown: 'gdown',
  'awscli': 'aws',
};

/** Runners that start the program after them (`uv run hf download ...`). */
const RUNNERS = /^(?:uv|poetry|pipenv|pdm|hatch|rye|pixi)$/;

function baseName(text: string): string {
  return text.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '');
}

/**
 * The program a simple command runs, with its arguments, or undefined for a command that only
 * assigns variables. `sudo -u x env A=1 nohup /usr/bin/wget URL` runs `wget URL`.
 */
export function invocationOf(command: SimpleCommand): Invocation | undefined {
  const words = command.words;
  let i = 0;
  for (let guard = 0; guard < 16 && i < words.length; guard++) {
    while (i < words.length && ASSIGNMENT.test(lead(words[i]))) i++;
    if (i >= words.length) return undefined;
    const name = baseName(wordText(words[i]) ?? '');
    if (name === '!' || name === '--') {
      i++;
      continue;
    }
    const wrapper = WRAPPERS[name];
    if (wrapper) {
      i = skipOptions(words, i + 1, wrapper.values);
      if (wrapper.first === 'duration' && i < words.length) i++;
      continue;
    }
    if (RUNNERS.test(name) && wordText(words[i + 1]) === 'run') {
      i = skipOptions(words, i + 2, /^--?(?:with|python|p|env-file|directory|project|package|group|extra)$/);
      continue;
    }
    if (name === 'conda' || name === 'mamba' || name === 'micromamba') {
      if (wordText(words[i + 1]) !== 'run') return { program: name, word: words[i], args: words.slice(i + 1), command };
      i = skipOptions(words, i + 2, /^(?:-n|-p|--name|--prefix|--cwd)$/);
      continue;
    }
    if (/^(?:python|pypy)(?:\d+(?:\.\d+)?)?$|^py$/.test(name)) {
      const module = pythonModule(words, i + 1);
      if (!module) return { program: name, word: words[i], args: words.slice(i + 1), command };
      const program = MODULES[wordText(words[module]) ?? ''] ?? `python -m ${wordText(words[module]) ?? '?'}`;
      return { program, word: words[i], args: words.slice(module + 1), command };
    }
    return { program: name, word: words[i], args: words.slice(i + 1), command };
  }
  return undefined;
}

/** The leading known text of a word. */
function lead(word: Word): string {
  const first: WordPart | undefined = word.parts[0];
  return typeof first === 'string' ? first : '';
}

/** The index of the first word after a wrapper's options (and `--`). */
function skipOptions(words: Word[], i: number, values: RegExp): number {
  while (i < words.length) {
    const text = wordText(words[i]) ?? '';
    if (text === '--') return i + 1;
    if (!text.startsWith('-') || text === '-') return i;
    i += values.test(text) ? 2 : 1;
  }
  return i;
}

/** The index of the module word after `python [-u -O ...] -m`, when the command runs one. */
function pythonModule(words: Word[], i: number): number | undefined {
  while (i < words.length) {
    const text = wordText(words[i]) ?? '';
    if (text === '-m') return i + 1 < words.length ? i + 1 : undefined;
    if (!/^-[a-zA-Z]+$/.test(text)) return undefined;
    i += /^-[WX]$/.test(text) ? 2 : 1;
  }
  return undefined;
}
