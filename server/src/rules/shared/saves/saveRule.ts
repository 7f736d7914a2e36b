import * as path from 'path';

import type { CallSite, RuleContext } from '../../defineRule';
import { type CatalogContext, entryViews } from './catalogView';
import { matchSave, type SaveMatch } from './matchSave';
import { REGISTRATION_READS } from './registration';
import { CALL_APIS, MLFLOW_CALLS, RECEIVER_ROOTS, SAVE_METHODS } from './saveApis';
import { type SaveSite, saveSiteOf } from './saveSite';

/** The call sites every save rule (MLH3xx) looks at: the same for each, so the pre-filter agrees. */
export const SAVE_SITES = {
  calls: [...CALL_APIS.keys(), ...MLFLOW_CALLS],
  methods: [...SAVE_METHODS],
  methodReceivers: RECEIVER_ROOTS,
  moduleReads: REGISTRATION_READS,
};

/** A save with the catalog that governs it and the entry it matched, once per call. */
export interface GovernedSave {
  save: SaveSite;
  context: CatalogContext;
  match?: SaveMatch;
  /** The callee's canonical path (`torch.save`, `keras.Sequential().save`), as far as it resolves. */
  path: string;
}

/**
 * The save a site makes and its catalog entry, or undefined when it is no model save or the
 * engine did not look the catalog up (the rules then stay silent: they judge against it).
 */
export function governedSave(site: CallSite, ctx: RuleContext): GovernedSave | undefined {
  const context = ctx.catalog;
  const save = context && saveSiteOf(site, ctx);
  if (!context || !save) return undefined;
  return ctx.index.memo(`save.match.${save.call.id}`, () => ({
    save,
    context,
    match: context.catalog ? matchSave(save, ctx, entryViews(context.catalog)) : undefined,
    path: ctx.index.resolve(site.callee)?.path ?? site.path,
  }));
}

/** The valid entry a save matched, if any. */
export function matchedEntry(governed: GovernedSave | undefined) {
  const match = governed?.match;
  return match && 'entry' in match ? match.entry.entry : undefined;
}

/** An entry file as the user sees it: relative to the catalog's folder, POSIX. */
export function entryPath(context: CatalogContext, file: string): string {
  return path.relative(context.root, file).split(path.sep).join('/');
}
