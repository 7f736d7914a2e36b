import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../analysis/constants';
import { parentOf } from '../../analysis/parents';
import { scopeOf } from '../../analysis/syntax';
import type { RuleContext } from '../defineRule';

/** The digest the SHA-256 quick-fix inserts, for the user to replace. */
export const DIGEST_PLACEHOLDER = '<expected sha256>';

/** hashlib constructors strong enough to verify a download (MD5 and SHA-1 collide). */
const STRONG = new Set([
  'hashlib.sha256', 'hashlib.sha384', 'hashlib.sha512', 'hashlib.sha3_256', 'hashlib.sha3_384', 'hashlib.sha3_512',
  'hashlib.blake2b', 'hashlib.blake2s', 'hashlib.file_digest',
]);

/** The scope that owns a node's statements: a function, a class body or the module. */
function ownerScope(node: Node): Node {
  let scope = scopeOf(node);
  while (scope.type !== 'module' && scope.type !== 'function_definition' && scope.type !== 'class_definition') {
    scope = scopeOf(scope);
  }
  return scope;
}

/** True when `use` (a name bound to hashlib or one of its functions) is a strong hash call. */
function isStrongHash(use: Node, ctx: RuleContext): boolean {
  let expr = use;
  for (let p = parentOf(expr); p?.type === 'attribute'; p = parentOf(p)) expr = p;
  const call = parentOf(expr);
  if (call?.type !== 'call' || call.childForFieldName('function')?.id !== expr.id) return false;
  const path = ctx.index.resolve(expr)?.path;
  if (path && STRONG.has(path)) return true;
  if (path !== 'hashlib.new') return false;
  const name = call.childForFieldName('arguments')?.firstNamedChild;
  const algorithm = name ? stringPattern(ctx.fold(name))?.toLowerCase() : undefined;
  return algorithm !== 'md5' && algorithm !== 'sha1';
}

/**
 * Whether the scope that runs `at` also computes a strong hashlib digest (the usual download
 * check `hashlib.sha256(...).hexdigest() == EXPECTED`), and whether its expected digest is still
 * the quick-fix placeholder. The check is not proven to guard the file: it lowers the severity.
 */
export function integrityCheck(at: Node, ctx: RuleContext): 'none' | 'present' | 'placeholder' {
  const scope = ownerScope(at);
  const names = ctx.index.memo('integrity.names', () =>
    ctx.text.includes('hashlib')
      ? [...new Set(ctx.index.imports().filter((i) => !i.star && (i.path === 'hashlib' || i.path.startsWith('hashlib.'))).map((i) => i.name))]
      : [],
  );
  if (names.length === 0) return 'none';
  return ctx.index.memo(`integrity.${scope.id}`, () => {
    for (const name of names) {
      for (const use of ctx.index.usesBetween(name, scope.startIndex, scope.endIndex)) {
        const node = ctx.index.nodeOf(use);
        if (!node || ownerScope(node).id !== scope.id || !isStrongHash(node, ctx)) continue;
        return scope.text.includes(`"${DIGEST_PLACEHOLDER}"`) ? 'placeholder' : 'present';
      }
    }
    return 'none';
  });
}

/** A checksum tool run in check mode inside a command (`sha256sum -c`, `shasum --check`). */
const CHECK_TOOL = /\b(?:sha(?:224|256|384|512)sum|shasum|b2sum)\b[^\n]*(?:["'\s]-c\b|--check)/;

/**
 * For commands run from Python: a strong digest computed in the same scope (as above), or a
 * checksum tool in check mode anywhere in it. Lowers a finding to Information, never drops it.
 */
export function checksIntegrity(at: Node, ctx: RuleContext): boolean {
  if (integrityCheck(at, ctx) !== 'none') return true;
  const scope = ownerScope(at);
  return ctx.index.memo(`integrity.tool.${scope.id}`, () => CHECK_TOOL.test(scope.text));
}
