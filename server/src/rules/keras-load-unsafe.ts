import { truthiness } from '../analysis/constants';
import { removeArgument } from '../analysis/edits';
import { defineRule, type Draft } from './defineRule';
import { kerasFormatMigration } from './shared/migrations/kerasFormat';
import { extensionOf, pathPattern } from './shared/pathPattern';
import { remoteSource } from './shared/remoteSource';

const UNSAFE_SCOPE = /\benable_unsafe_deserialization\s*\(/;

/**
 * Keras `load_model` (also `tf.keras`): Lambda layers and custom objects are rebuilt from code in
 * the file. Safe only for the `.keras` format with `safe_mode` left on (Keras ≥ 2.13).
 */
export const kerasLoadUnsafe = defineRule({
  code: 'MLH115',
  name: 'keras-load-unsafe',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'Keras load_model runs code from legacy files or with safe_mode=False',
  nosec: [],
  noqa: [],
  calls: ['keras.models.load_model', 'keras.saving.load_model'],
  check(site, ctx) {
    const name = `\`${site.callee.text}\``;
    let safe = site.args.get('safe_mode', 3);
    // NOTE: older tf.keras has `options` in the fourth place; only a bool there is `safe_mode`.
    if (safe && !safe.keyword && !safe.fromSplat && ctx.fold(safe.value).kind !== 'bool') safe = undefined;
    const safeVerdict = safe ? truthiness(ctx.fold(safe.value)) : undefined;
    const file = site.args.get('filepath', 0)?.value;
    const remote = remoteSource(site, ctx, 'filepath');
    const pattern = file ? pathPattern(file, ctx) : undefined;
    const ext = pattern === undefined ? undefined : /^hf:\/\//i.test(pattern) ? '.keras' : extensionOf(pattern);
    const from = remote ? ` from ${remote}` : '';
    if (safe && safeVerdict === false) {
      const inCall = !!site.call && !!safe.keyword;
      return {
        severity: 'error',
        node: inCall ? safe.keyword : undefined,
        message: `${name} with \`safe_mode=False\` rebuilds Lambda layers and custom objects from the code stored in the model file${from}, so loading it runs that code (CWE-502).`,
        fixes: inCall && safe.keyword ? [{ title: 'Remove `safe_mode=False` (Keras then refuses code in the file)', edits: [removeArgument(safe.keyword, ctx.text)], preferred: true }] : [],
      };
    }
    const legacy = ext === '.h5' || ext === '.hdf5';
    const warn = (message: string): Draft => ({ severity: remote ? 'error' : 'warning', message });
    if (legacy) {
      const draft = warn(`${name} loads a legacy HDF5 file (\`${ext}\`)${from}: Lambda layers in it are rebuilt from marshalled bytecode, and \`safe_mode\` does not protect this format before Keras 3.11.3 (CWE-502). Save and load the \`.keras\` format.`);
      // The .keras migration; never for a remote file (converting means loading it once).
      return file && !remote ? { ...draft, fixes: kerasFormatMigration(site, ctx, file) } : draft;
    }
    if (ext !== undefined && ext !== '.keras') return warn(`${name} loads a file that is not in the \`.keras\` format (\`${pattern}\`)${from}: legacy and SavedModel files rebuild layers from code without \`safe_mode\` (CWE-502). Save and load the \`.keras\` format.`);
    if (safe && safeVerdict === undefined) return { severity: 'information', message: `\`safe_mode\` cannot be resolved here; unless it is true, ${name} runs code stored in the model file (CWE-502).` };
    if (ext === '.keras' && UNSAFE_SCOPE.test(ctx.text)) return warn(`${name} relies on \`safe_mode\`, but this file calls \`enable_unsafe_deserialization()\`, which turns it off for the whole process (CWE-502).`);
    if (ext === '.keras') return !safe && site.args.hasOpenKwargs ? { severity: 'information', message: `\`safe_mode\` may come from the unpacked \`**\` arguments; if it is false, ${name} runs code stored in the model file (CWE-502).` } : undefined;
    if (remote) return { severity: 'warning', message: `${name} loads a model fetched from ${remote} whose format cannot be told here: unless it is a \`.keras\` file loaded with \`safe_mode\` on, loading runs code stored in it (CWE-502).` };
    return { severity: 'information', message: `${name}: the file's format cannot be told here; unless it is a \`.keras\` file (with \`safe_mode\` on), loading runs code stored in it (CWE-502).` };
  },
});
