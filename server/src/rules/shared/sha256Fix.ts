import type { Node } from 'web-tree-sitter';

import { insertLinesAfter, moduleReference } from '../../analysis/edits';
import type { Fix } from '../../analysis/types';
import type { RuleContext } from '../defineRule';
import { DIGEST_PLACEHOLDER } from './integrityCheck';

/** What the check hashes: the file written (its path expression) or the bytes held in memory. */
export type Digested = { file: Node; after: Node } | { memory: string; after: Node };

const PATH_CALLS = /^(?:os\.path\.join|osp\.join|path\.join|Path|pathlib\.Path|PurePath|str|os\.fspath|os\.path\.expanduser)$/;

/** True when an expression can be evaluated again after the download with the same result. */
function repeatable(node: Node): boolean {
  switch (node.type) {
    case 'identifier':
    case 'integer':
    case 'string_content':
    case 'string_start':
    case 'string_end':
    case 'escape_sequence':
      return true;
    case 'string':
    case 'concatenated_string':
    case 'interpolation':
    case 'parenthesized_expression':
      return node.namedChildren.every((c) => !c || c.type === 'format_specifier' || c.type === 'type_conversion' || repeatable(c));
    case 'attribute':
      return !!node.childForFieldName('object') && repeatable(node.childForFieldName('object')!);
    case 'subscript':
    case 'binary_operator':
      return node.namedChildren.every((c) => !c || repeatable(c));
    case 'call': {
      const fn = node.childForFieldName('function')?.text ?? '';
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return PATH_CALLS.test(fn) && args.every((a) => !!a && a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat' && repeatable(a));
    }
    default:
      return false;
  }
}

/** A name for the reopened file that the module does not use yet (found once per module). */
function freshName(ctx: RuleContext): string {
  return ctx.index.memo('sha256Fix.freshName', () => {
    for (let i = 0; ; i++) {
      const name = i === 0 ? 'downloaded' : `downloaded_${i}`;
      if (!new RegExp(`\\b${name}\\b`).test(ctx.text)) return name;
    }
  });
}

/**
 * "Verify the SHA-256": lines after the download that compare the digest of what it produced
 * with a placeholder the user fills in, and raise on a mismatch (`hashlib` imported if needed).
 * Undefined when what was downloaded cannot be named again or no line fits after the statement.
 */
export function sha256Fix(digested: Digested, at: Node, ctx: RuleContext): Fix | undefined {
  const { name: hashlib, edits } = moduleReference(ctx.index, 'hashlib', at);
  let lines: string[];
  if ('file' in digested) {
    if (!repeatable(digested.file)) return undefined;
    const handle = freshName(ctx);
    lines = [
      `with open(${digested.file.text}, "rb") as ${handle}:`,
      `    if ${hashlib}.file_digest(${handle}, "sha256").hexdigest() != "${DIGEST_PLACEHOLDER}":`,
      `        raise ValueError(f"{${handle}.name} does not have the expected SHA-256: it is not the file that was vetted")`,
    ];
  } else {
    lines = [
      `if ${hashlib}.sha256(${digested.memory}).hexdigest() != "${DIGEST_PLACEHOLDER}":`,
      `    raise ValueError("the downloaded bytes do not have the expected SHA-256: they are not the file that was vetted")`,
    ];
  }
  const insert = insertLinesAfter(digested.after, lines, ctx.text);
  if (!insert) return undefined;
  return {
    title: `Verify the SHA-256 of the downloaded ${'file' in digested ? 'file' : 'bytes'} (fill in the expected digest in place of "${DIGEST_PLACEHOLDER}")`,
    edits: [insert, ...edits],
    preferred: false,
  };
}
