import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../analysis/constants';
import type { RuleContext } from '../defineRule';

/**
 * The text of a file path argument as far as it is known (`*` for unknown holes): a folded string
 * or f-string, or the last part of `os.path.join(...)`, `Path(...)` or `base / "name"`, which is
 * what decides the file's extension. Undefined when nothing of it is known.
 */
export function pathPattern(node: Node, ctx: RuleContext): string | undefined {
  const direct = stringPattern(ctx.fold(node));
  if (direct !== undefined) return direct;
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
    const right = node.childForFieldName('right');
    const tail = right && pathPattern(right, ctx);
    return tail === undefined ? undefined : `*/${tail}`;
  }
  if (node.type === 'call' && /(?:^|\.)(?:join|Path|PurePath)$/.test(node.childForFieldName('function')?.text ?? '')) {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const last = args[args.length - 1];
    const tail = last && last.type !== 'keyword_argument' && last.type !== 'list_splat' ? pathPattern(last, ctx) : undefined;
    return tail === undefined ? undefined : args.length > 1 ? `*/${tail}` : tail;
  }
  return undefined;
}

/** The lower-case extension of a known path (`.h5`), `''` for none, undefined when it ends in a hole. */
export function extensionOf(pattern: string): string | undefined {
  const name = pattern.split(/[\\/]/).pop() ?? '';
  if (name.endsWith('*')) return undefined;
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot).toLowerCase() : '';
}
