import type { Node, Tree } from 'web-tree-sitter';

/** Per tree (freed with it): node id → parent, for every node a descent has passed. */
const known = new WeakMap<Tree, Map<number, Node | null>>();

/**
 * Walks a cursor from the root down to `target`, recording the parent of each node on the way.
 * NOTE: the child the cursor lands on (the first that ends after the target's start) is the
 * target or an ancestor of it whenever it starts at or before the target: its start is a field,
 * while an end or a containment test would cost a call into WebAssembly per level (a tenth of a
 * tree scan's analysis).
 */
function descend(target: Node, parents: Map<number, Node | null>): void {
  const cursor = target.tree.walk();
  const start = target.startIndex;
  try {
    let current = cursor.currentNode;
    if (!parents.has(current.id)) parents.set(current.id, null);
    while (current.id !== target.id) {
      if (!cursor.gotoFirstChildForIndex(start)) return;
      const child = cursor.currentNode;
      if (child.startIndex > start) return;
      parents.set(child.id, current);
      current = child;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * A node's parent, as `node.parent`, but cheap to climb with. tree-sitter finds a parent by
 * walking down from the root, so climbing k levels with `.parent` costs k × depth calls: seconds
 * for one finding inside 5,000 nested brackets (found by scripts/fuzz.mjs). One cursor descent
 * records the parent of every node on the path, so a whole climb costs one descent.
 */
export function parentOf(node: Node): Node | null {
  let parents = known.get(node.tree);
  if (!parents) known.set(node.tree, (parents = new Map()));
  let parent = parents.get(node.id);
  if (parent !== undefined) return parent;
  // NOTE: a zero-width node (a MISSING token) at a sibling boundary would lead the descent astray.
  if (node.endIndex > node.startIndex) {
    descend(node, parents);
    parent = parents.get(node.id);
    if (parent !== undefined) return parent;
  }
  parent = node.parent;
  parents.set(node.id, parent);
  return parent;
}
