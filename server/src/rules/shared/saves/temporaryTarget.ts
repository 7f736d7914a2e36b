import type { Node } from 'web-tree-sitter';

import { parentOf } from '../../../analysis/parents';
import type { RuleContext } from '../../defineRule';

const TEMP_CALLS = /^tempfile\.(?:TemporaryDirectory|mkdtemp|NamedTemporaryFile|mkstemp|gettempdir)\(\)$/;
/** pytest's temporary-directory fixtures, by their fixed names. */
const PYTEST_FIXTURES = new Set(['tmp_path', 'tmpdir', 'tmp_path_factory', 'tmpdir_factory']);
const MAX_DEPTH = 6;

/**
 * True when a save's target lies in a temporary directory (`with tempfile.TemporaryDirectory()
 * as d`, `tempfile.mkdtemp()`, pytest's `tmp_path`): a round trip in a test, not a model anyone
 * ships. The path's leading part decides: the first argument of `os.path.join`, the left of `/`,
 * the first field of an f-string.
 */
export function isTemporaryTarget(node: Node, ctx: RuleContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'identifier':
      return isTemporaryName(node, ctx, depth);
    case 'call': {
      // `os.path.join(d, ...)`, `Path(d)`, `str(d)`: the first argument leads.
      const path = ctx.index.resolve(node)?.path;
      if (path && TEMP_CALLS.test(path)) return true;
      const first = node.childForFieldName('arguments')?.firstNamedChild;
      return !!first && first.type !== 'keyword_argument' && isTemporaryTarget(first, ctx, depth + 1);
    }
    case 'binary_operator':
      return !!node.childForFieldName('left') && isTemporaryTarget(node.childForFieldName('left')!, ctx, depth + 1);
    case 'attribute':
      // `tmp.name` of a NamedTemporaryFile, `tmp_path.parent`
      return !!node.childForFieldName('object') && isTemporaryTarget(node.childForFieldName('object')!, ctx, depth + 1);
    case 'string': {
      const field = node.namedChildren.find((c) => c?.type === 'interpolation');
      const expr = field?.childForFieldName('expression') ?? field?.firstNamedChild;
      const before = node.text.slice(0, field ? field.startIndex - node.startIndex : 0).replace(/^[a-zA-Z]*['"]+/, '');
      return !!expr && before === '' && isTemporaryTarget(expr, ctx, depth + 1);
    }
    default:
      return false;
  }
}

function isTemporaryName(id: Node, ctx: RuleContext, depth: number): boolean {
  const found = ctx.index.bindingFor(id.text, id);
  const b = found?.binding;
  if (!b) return false;
  if (b.kind === 'parameter') return PYTEST_FIXTURES.has(b.name);
  if (b.kind === 'assignment' && b.value) return isTemporaryTarget(b.value, ctx, depth + 1);
  if (b.kind !== 'other') return false;
  // `with tempfile.TemporaryDirectory() as d:`
  const target = parentOf(b.node);
  const pattern = target?.type === 'as_pattern_target' ? parentOf(target) : target;
  const value = pattern?.type === 'as_pattern' ? pattern.namedChildren[0] : undefined;
  return !!value && isTemporaryTarget(value, ctx, depth + 1);
}
