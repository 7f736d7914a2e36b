import type { Tree } from 'web-tree-sitter';

import { analyze } from '../analysis/analyzer';
import { LineIndex } from '../analysis/lineIndex';
import type { ModelReference } from '../analysis/modelReferences';
import type { Rule, RuleContext } from '../rules/defineRule';
import { annotationOf } from '../rules/shared/saves/matchSave';
import { SAVE_SITES } from '../rules/shared/saves/saveRule';
import { type SaveSite, saveSiteOf } from '../rules/shared/saves/saveSite';

/** A cheap test before analysing: a module with no MLflow save names no registry model. */
const MAY_REGISTER = /\b(?:register_model|registered_model_name|log_model)\b/;

/**
 * The MLflow registry names a module's saves are registered under, as the save rules see them
 * (`registered_model_name=`, `register_model(..., name)`, `log_model(name=)`, and a save linked
 * to a later `register_model` of what it wrote): references the Catalog view matches against an
 * entry's id and `match.mlflowNames`. A save with a `# mlcatalog:` comment is left to that.
 */
export function registryReferences(tree: Tree, text: string): ModelReference[] {
  if (!MAY_REGISTER.test(text)) return [];
  const out: ModelReference[] = [];
  let lines: LineIndex | undefined;
  found = (save, ctx) => {
    if (!save.registryName || annotationOf(save, ctx) !== undefined) return;
    lines ??= new LineIndex(text);
    out.push({ kind: 'save', call: save.api, target: save.registryName, registry: true, start: lines.positionAt(save.call.startIndex), end: lines.positionAt(save.call.endIndex) });
  };
  try {
    analyze(tree, text, { rules: RECORDER });
  } finally {
    found = undefined;
  }
  return out;
}

let found: ((save: SaveSite, ctx: RuleContext) => void) | undefined;

/** One rule array for every module, so the analyzer plans its call table once. */
const RECORDER: readonly Rule[] = [{
  code: 'MLH399', name: 'registry-references', family: 'save', cwe: 0, defaultSeverity: 'hint', title: 'lists the registry names of saves',
  ...SAVE_SITES,
  check(site, ctx) {
    const save = saveSiteOf(site, ctx);
    if (save) found?.(save, ctx);
    return undefined;
  },
}];
