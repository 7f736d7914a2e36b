import type { Node } from 'web-tree-sitter';

import { canonicalPath } from './knownModules';
import { type ScopeMemo, scopeOf } from './syntax';

/** A name bound by an import statement anywhere in the module. */
export interface ImportedName {
  name: string;
  path: string;
  /** `from m import *` */
  star: boolean;
}

/** Every name bound by an import (`import a.b as c` → c = a.b), found from the `import` keywords. */
export function importedNames(root: Node, text: string): ImportedName[] {
  const list: ImportedName[] = [];
  const re = /\bimport\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const keyword = root.descendantForIndex(m.index, m.index + 6);
    const statement = keyword?.parent;
    if (keyword?.type !== 'import' || !statement) continue;
    if (statement.type === 'import_statement') {
      for (const item of statement.childrenForFieldName('name')) {
        if (!item) continue;
        const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : undefined;
        const source = item.type === 'aliased_import' ? (item.childForFieldName('name')?.text ?? '') : item.text;
        list.push({ name: alias ?? source.split('.')[0], path: alias ? source : source.split('.')[0], star: false });
      }
    } else if (statement.type === 'import_from_statement') {
      const module = statement.childForFieldName('module_name')?.text ?? '';
      if (statement.children.some((c) => c?.type === 'wildcard_import')) list.push({ name: '*', path: module, star: true });
      for (const item of statement.childrenForFieldName('name')) {
        if (!item) continue;
        const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : undefined;
        const source = item.type === 'aliased_import' ? (item.childForFieldName('name')?.text ?? '') : item.text;
        list.push({ name: alias ?? source, path: `${module}.${source}`, star: false });
      }
    }
  }
  return list.map((i) => ({ ...i, path: i.star ? i.path : canonicalPath(i.path) }));
}

/** The module-level `from m import *` statements, in order. */
export function moduleStarImports(root: Node, text: string, scopes: ScopeMemo): Array<{ module: string; start: number }> {
  const found: Array<{ module: string; start: number }> = [];
  const re = /\bimport\s*\*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const statement = root.descendantForIndex(m.index, m.index + 6)?.parent;
    if (statement?.type !== 'import_from_statement' || scopeOf(statement, scopes).type !== 'module') continue;
    const module = statement.childForFieldName('module_name')?.text;
    if (module) found.push({ module, start: statement.startIndex });
  }
  return found;
}
