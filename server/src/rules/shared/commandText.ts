import type { Node } from 'web-tree-sitter';

import { parentOf } from '../../analysis/parents';
import type { Word, WordPart } from '../../analysis/shell/words';
import { statementOf } from '../../analysis/syntax';
import type { RuleContext } from '../defineRule';
import { pathPattern } from './pathPattern';

/**
 * A shell command string rebuilt from Python source, with the source range of each character so
 * that a range in the command maps back to the literal it was written in. Unknown parts (an
 * f-string hole, a variable) are written `{…}`, which the shell matcher reads as unknown text.
 */
export interface MappedText {
  text: string;
  starts: number[];
  ends: number[];
}

const HOLE = '{…}';
const MAX_DEPTH = 6;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

class Builder implements MappedText {
  text = '';
  starts: number[] = [];
  ends: number[] = [];

  add(s: string, start: number, end: number): void {
    this.text += s;
    for (let i = 0; i < s.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** Source text copied one-to-one. */
  copy(s: string, start: number): void {
    this.text += s;
    for (let i = 0; i < s.length; i++) {
      this.starts.push(start + i);
      this.ends.push(start + i + 1);
    }
  }

  hole(node: Node): void {
    this.add(HOLE, node.startIndex, node.endIndex);
  }
}

/**
 * The value a name holds where it is read: its only assignment, or, when it is assigned several
 * times (`cmd = [...]` before each `subprocess.run(cmd)`), the assignment just before the read in
 * the same block of straight-line code (not a loop body, where a later one can reach it too).
 */
export function assignedValue(name: Node, ctx: RuleContext): Node | undefined {
  const found = ctx.index.bindingFor(name.text, name);
  if (!found || found.binding.kind !== 'assignment' || !found.binding.value) return undefined;
  if (found.certain) return found.binding.value;
  const assigned = statementOf(found.binding.node);
  const block = parentOf(assigned);
  const owner = block && parentOf(block);
  if (!block || parentOf(statementOf(name))?.id !== block.id || assigned.startIndex > name.startIndex) return undefined;
  return owner && /^(?:for|while)_statement$/.test(owner.type) ? undefined : found.binding.value;
}

/** The source range of `[start, end)` of a mapped command, when it lies inside `within`. */
export function sourceRange(mapped: MappedText, start: number, end: number, within: Node): { start: number; end: number } | undefined {
  const s = mapped.starts[start];
  const e = mapped.ends[Math.max(start, end - 1)];
  if (s === undefined || e === undefined || s < within.startIndex || e > within.endIndex || e <= s) return undefined;
  return { start: s, end: e };
}

/**
 * The shell command a Python expression builds: a string or f-string, `+` concatenations,
 * `"..." % x` and `"...".format(...)` (placeholders kept), `" ".join([...])`, `shlex.split(...)`
 * and `"...".split()`, and names bound once to one of these. Undefined when no part of it is a string.
 */
export function commandText(node: Node, ctx: RuleContext): MappedText | undefined {
  const out = new Builder();
  return build(node, ctx, out, 0) ? out : undefined;
}

function build(node: Node, ctx: RuleContext, out: Builder, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'string':
      return stringPieces(node, ctx, out);
    case 'concatenated_string':
      return node.namedChildren.every((c) => !!c && stringPieces(c, ctx, out));
    case 'parenthesized_expression':
      return !!node.firstNamedChild && build(node.firstNamedChild, ctx, out, depth + 1);
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return false;
      if (op === '%') return formatted(left, ctx, out, depth);
      if (op !== '+') return false;
      const l = part(left, ctx, out, depth);
      const r = part(right, ctx, out, depth);
      return l || r;
    }
    case 'call':
      return callText(node, ctx, out, depth);
    case 'identifier': {
      const value = assignedValue(node, ctx);
      const inner = new Builder();
      if (!value || !build(value, ctx, inner, depth + 1)) return false;
      // NOTE: the text was written elsewhere; here it maps to the name, which is what the call shows.
      out.add(inner.text, node.startIndex, node.endIndex);
      return true;
    }
    default:
      return false;
  }
}

const PRINTF = /%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdrifxXeEgGca]/g;

/** `"wget %s -O m.pt" % url`: the format string, with each conversion as a hole. */
function formatted(left: Node, ctx: RuleContext, out: Builder, depth: number): boolean {
  const inner = new Builder();
  if (!build(left, ctx, inner, depth + 1)) return false;
  let at = 0;
  for (const m of inner.text.matchAll(PRINTF)) {
    const i = m.index ?? 0;
    for (let k = at; k < i; k++) out.add(inner.text[k], inner.starts[k], inner.ends[k]);
    out.add(HOLE, inner.starts[i], inner.ends[i + m[0].length - 1]);
    at = i + m[0].length;
  }
  for (let k = at; k < inner.text.length; k++) out.add(inner.text[k], inner.starts[k], inner.ends[k]);
  return true;
}

/** One operand: built when it is a string, a hole otherwise. True when it was a string. */
function part(node: Node, ctx: RuleContext, out: Builder, depth: number): boolean {
  const mark = out.text.length;
  if (build(node, ctx, out, depth + 1)) return true;
  out.text = out.text.slice(0, mark);
  out.starts.length = mark;
  out.ends.length = mark;
  out.hole(node);
  return false;
}

function callText(node: Node, ctx: RuleContext, out: Builder, depth: number): boolean {
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'attribute') return false;
  const receiver = fn.childForFieldName('object');
  const method = fn.childForFieldName('attribute')?.text;
  if (!receiver) return false;
  if (method === 'format') return build(receiver, ctx, out, depth + 1);
  // `shlex.split(line)` and `line.split()` split as the shell would (near enough for a command).
  if (method === 'split' && ctx.index.resolve(fn)?.path === 'shlex.split') {
    const first = node.childForFieldName('arguments')?.firstNamedChild;
    return !!first && build(first, ctx, out, depth + 1);
  }
  if (method === 'split' && (node.childForFieldName('arguments')?.namedChildCount ?? 0) === 0) return build(receiver, ctx, out, depth + 1);
  if (method !== 'join' || receiver.type !== 'string') return false;
  const items = node.childForFieldName('arguments')?.firstNamedChild;
  if (items?.type !== 'list' && items?.type !== 'tuple') return false;
  const sep = ctx.fold(receiver);
  if (sep.kind !== 'str') return false;
  items.namedChildren.forEach((item, i) => {
    if (!item) return;
    if (i > 0) out.add(sep.value, receiver.startIndex, receiver.endIndex);
    part(item, ctx, out, depth);
  });
  return true;
}

/** The pieces of one string literal: its text, escapes, and f-string holes (folded where possible). */
function stringPieces(node: Node, ctx: RuleContext, out: Builder): boolean {
  if (node.type !== 'string') return false;
  const prefix = (node.firstChild?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) return false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') content(child, out);
    else if (child.type === 'interpolation') {
      const expr = child.childForFieldName('expression') ?? child.firstNamedChild;
      const value = expr ? ctx.fold(expr) : undefined;
      if (value?.kind === 'str') out.add(value.value, child.startIndex, child.endIndex);
      else out.hole(child);
    }
  }
  return true;
}

/** A `string_content` node: literal text with escapes and `{{` / `}}` decoded. */
function content(node: Node, out: Builder): void {
  let at = node.startIndex;
  const text = node.text;
  for (const child of node.namedChildren) {
    if (!child) continue;
    out.copy(text.slice(at - node.startIndex, child.startIndex - node.startIndex), at);
    const seq = child.text;
    const value = child.type === 'escape_interpolation' ? seq[0] : (ESCAPES[seq.slice(1)] ?? seq);
    out.add(value, child.startIndex, child.endIndex);
    at = child.endIndex;
  }
  out.copy(text.slice(at - node.startIndex), at);
}

/** A Python `[...]` argument list as shell words, one per element (no shell splitting applies). */
export interface Argv {
  words: Word[];
  /** Elements whose words are not known (`*extra`, `+ more`), or a list changed after it was built. */
  open: boolean;
}

/** The argv of a list or tuple literal (or a name bound once to one, or `[...] + other`), or of a call's positional arguments. */
export function commandArgv(node: Node, ctx: RuleContext, depth = 0): Argv | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'argument_list') {
    const words: Word[] = [];
    let open = false;
    for (const item of node.namedChildren) {
      if (!item || item.type === 'comment' || item.type === 'keyword_argument') continue;
      if (item.type === 'list_splat' || item.type === 'dictionary_splat') {
        open = true;
        continue;
      }
      words.push(argWord(item, ctx));
    }
    return { words, open };
  }
  if (node.type === 'parenthesized_expression' && node.firstNamedChild) return commandArgv(node.firstNamedChild, ctx, depth + 1);
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
    const left = node.childForFieldName('left');
    const l = left && commandArgv(left, ctx, depth + 1);
    return l ? { words: l.words, open: true } : undefined;
  }
  if (node.type === 'identifier') {
    const value = assignedValue(node, ctx);
    const argv = value && commandArgv(value, ctx, depth + 1);
    if (!argv) return undefined;
    // NOTE: `cmd.append("--revision")` or `cmd += [...]` after the assignment adds words not seen here.
    const changed = ctx.index.memo(`argv.changed:${node.text}`, () =>
      new RegExp(`\\b${node.text}\\s*(?:\\.(?:append|extend|insert)\\s*\\(|\\+=|\\[[^\\]]*\\]\\s*=)`).test(ctx.text),
    );
    return { words: argv.words, open: argv.open || changed };
  }
  return undefined;
}

/** One argv element as a word: its folded text with unknown parts as expansions. */
function argWord(item: Node, ctx: RuleContext): Word {
  const pattern = pathPattern(item, ctx);
  const parts: WordPart[] = [];
  if (pattern === undefined) parts.push({ text: item.text });
  else pattern.split('*').forEach((piece, i) => {
    if (i > 0) parts.push({ text: '*' });
    if (piece) parts.push(piece);
  });
  return { start: item.startIndex, end: item.endIndex, parts };
}
