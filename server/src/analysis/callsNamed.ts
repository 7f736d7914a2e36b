import type { Node } from 'web-tree-sitter';

import type { ModuleIndex } from './moduleIndex';
import { parentOf } from './parents';
import { isField } from './syntax';

/**
 * Every call in the module whose callee ends in `name` (`save(...)`, `torch.save(...)`,
 * `model.save(...)`), in source order. Found from the text with one regex pass, then one node
 * lookup per match, so it costs nothing on files that never spell the name. Callers resolve the
 * callee (`index.resolve`) to keep the calls of the path they want.
 */
export function callsNamed(index: ModuleIndex, name: string): Node[] {
  // NOTE: memoised per module: migrations ask for the same name once per finding.
  return index.memo(`callsNamed.${name}`, () => {
    const calls: Node[] = [];
    const re = new RegExp(`(?<![\\w])${name.replace(/[^\w]/g, '')}(?=[ \\t]*\\()`, 'g');
    for (let m = re.exec(index.text); m; m = re.exec(index.text)) {
      const id = index.root.descendantForIndex(m.index, m.index + name.length);
      if (id?.type !== 'identifier') continue;
      const up = parentOf(id);
      const callee = up?.type === 'attribute' && isField(up, 'attribute', id) ? up : id;
      const call = parentOf(callee);
      if (call?.type === 'call' && isField(call, 'function', callee)) calls.push(call);
    }
    return calls;
  });
}
