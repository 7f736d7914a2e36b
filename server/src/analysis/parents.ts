import type { Node, Tree } from 'web-tree-sitter';

/** Per tree (freed with it): node id → parent, for every node a descent has passed. */
const known = new WeakMap<Tree, Map<number, Node | null>>();

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Walks a cursor from the root down to `target`, recording the parent of each node on the way. */
function descend(target: Node, parents: Map<number, Node | null>): void {
  const cursor = target.tree.walk();
  try {
    let current = cursor.currentNode;
    if (!parents.has(current.id)) parents.set(current.id, null);
    while (current.id !== target.id) {
      if (!cursor.gotoFirstChildForIndex(target.startIndex)) return;
      let child = cursor.currentNode;
      while (child.id !== target.id && !contains(child, target)) {
        if (!cursor.gotoNextSibling()) return;
        child = cursor.currentNode;
      }
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
  descend(node, parents);
  parent = parents.get(node.id);
  if (parent !== undefined) return parent;
  // NOTE: a zero-width node (a MISSING token) at a sibling boundary can defeat the descent.
  parent = node.parent;
  parents.set(node.id, parent);
  return parent;
}
