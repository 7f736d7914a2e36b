import { defineRule } from './defineRule';
import { remoteSource } from './shared/remoteSource';

/**
 * `tf.saved_model.load`: a SavedModel is a TensorFlow program (its graph may read and write files
 * and load op libraries). Reported when the directory is not a literal, and as a Warning when it
 * provably comes from the network.
 */
export const tfSavedModelLoad = defineRule({
  code: 'MLH117',
  name: 'tf-saved-model-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'information',
  title: 'tf.saved_model.load runs the graph of a model from a path chosen at run time',
  nosec: [],
  noqa: [],
  calls: ['tensorflow.saved_model.load'],
  check(site, ctx) {
    const name = `\`${site.callee.text}\``;
    const remote = remoteSource(site, ctx, 'export_dir');
    if (remote) {
      return {
        severity: 'warning',
        message: `${name} loads a SavedModel fetched from ${remote}: a SavedModel is a TensorFlow program, so whoever controls it decides what running it does (CWE-502). Load only models you exported or verified.`,
      };
    }
    const dir = site.args.get('export_dir', 0);
    if (dir) {
      const value = ctx.fold(dir.value);
      if (value.kind === 'str' || (value.kind === 'template' && value.parts.every((p) => p !== null))) return undefined;
    } else if (!site.args.mayBeHidden(0)) {
      return undefined;
    }
    return {
      message: `${name} loads a SavedModel from a path chosen at run time: a SavedModel is a TensorFlow program, so make sure the directory holds a model you exported or verified (CWE-502).`,
    };
  },
});
