import { truthiness } from '../analysis/constants';
import { replaceNode, setKeyword } from '../analysis/edits';
import { parentOf } from '../analysis/parents';
import type { Fix } from '../analysis/types';
import { type CallSite, defineRule, type RuleContext } from './defineRule';
import { FACTORY_CALLS, factoryFallback } from './shared/factoryFallback';
import { loadSource, trustedRepo } from './shared/huggingFace';

/**
 * Classes whose `from_pretrained` loads no weights (tokenizers, configurations, processors,
 * diffusers schedulers) or loads non-pickle ones (TensorFlow `.h5`, Flax msgpack).
 */
const NO_WEIGHTS = /^(?:TF|Flax)|(?:Tokenizer|TokenizerFast|Config|Configuration|Processor|ProcessorFast|FeatureExtractor|Scheduler)$/;

/** Where `use_safetensors` goes: the call itself, or the `model_kwargs` it passes to `from_pretrained`. */
function placement(site: CallSite): 'call' | 'model_kwargs' | undefined {
  if (site.path === 'sentence_transformers.SentenceTransformer' || site.path === 'transformers.pipeline') return 'model_kwargs';
  if (!site.method) return undefined;
  const parts = site.path.split('.');
  if (parts[0] !== 'transformers' && parts[0] !== 'diffusers') return undefined;
  return NO_WEIGHTS.test(parts[parts.length - 2] ?? '') ? undefined : 'call';
}

/** The `use_safetensors` value node, with how to set it to True (undefined when no edit can). */
function safetensorsArg(site: CallSite, where: 'call' | 'model_kwargs', ctx: RuleContext) {
  const call = site.call!;
  if (where === 'call') {
    const arg = site.args.get('use_safetensors');
    const set = arg ? (arg.fromSplat ? undefined : replaceNode(arg.value, 'True')) : site.args.hasOpenKwargs ? undefined : setKeyword(call, 'use_safetensors', 'True', ctx.text);
    return { value: arg?.value, node: arg?.keyword, set, unknown: !arg && site.args.hasOpenKwargs };
  }
  const kwargs = site.args.get('model_kwargs');
  if (!kwargs) {
    const set = site.args.hasOpenKwargs ? undefined : setKeyword(call, 'model_kwargs', '{"use_safetensors": True}', ctx.text);
    return { value: undefined, node: undefined, set, unknown: site.args.hasOpenKwargs };
  }
  const dict = ctx.fold(kwargs.value);
  if (dict.kind !== 'dict') return { value: undefined, node: undefined, set: undefined, unknown: true };
  const value = dict.entries.get('use_safetensors');
  // NOTE: only a dict literal written in the call can take the new key; one bound to a name may be shared.
  const literal = !kwargs.fromSplat && kwargs.value.type === 'dictionary' ? kwargs.value : undefined;
  const parent = value && parentOf(value);
  const pair = parent?.type === 'pair' ? parent : undefined;
  const inCall = (n: { startIndex: number; endIndex: number }) => n.startIndex >= call.startIndex && n.endIndex <= call.endIndex;
  const set = value
    ? inCall(value) ? replaceNode(value, 'True') : undefined
    : literal && !dict.open
      ? { start: literal.startIndex + 1, end: literal.startIndex + 1, newText: `"use_safetensors": True${literal.namedChildCount > 0 ? ', ' : ''}` }
      : undefined;
  return { value, node: pair && inCall(pair) ? pair : undefined, set, unknown: !value && dict.open };
}

/** `use_safetensors=False` or absent on a Hugging Face load: the library may unpickle `.bin` weights. */
export const hfPickleFallback = defineRule({
  code: 'MLH203',
  name: 'hf-pickle-fallback',
  family: 'download',
  cwe: 502,
  defaultSeverity: 'error',
  title: 'Hugging Face load that may fall back to pickle .bin weights (use_safetensors not True)',
  calls: ['transformers.pipeline', 'sentence_transformers.SentenceTransformer', ...FACTORY_CALLS],
  methods: ['from_pretrained'],
  methodReceivers: ['transformers', 'diffusers'],
  check(site, ctx) {
    if (!site.call) return undefined;
    if (FACTORY_CALLS.includes(site.path)) return factoryFallback(site, ctx);
    const where = placement(site);
    if (!where) return undefined;
    const source = loadSource(site, ctx);
    if (!source) return undefined;
    const arg = safetensorsArg(site, where, ctx);
    const folded = arg.value ? ctx.fold(arg.value) : undefined;
    // NOTE: `None` is the libraries' default: prefer safetensors, fall back to pickle.
    const given = folded !== undefined && folded.kind !== 'none';
    const verdict = given ? truthiness(folded) : undefined;
    if (verdict === true || arg.unknown) return undefined;
    const name = `\`${site.callee.text}\``;
    const shown = (v: string) => (where === 'call' ? `\`use_safetensors=${v}\`` : `\`model_kwargs={"use_safetensors": ${v}}\``);
    // A local directory, or the organisation's own repository, holds what the project saved itself.
    const own = source.localPath || trustedRepo(source, ctx);
    const title = `${arg.value ? 'Set' : 'Add'} use_safetensors=True${where === 'model_kwargs' ? ' in model_kwargs' : ''}`;
    const fix = (preferred: boolean): Fix[] =>
      arg.set ? [{ title: `${title} (load only safetensors weights; fails if the repository has none)`, edits: [arg.set], preferred }] : [];
    if (given && verdict === false) {
      const message = own
        ? `${name} with ${shown('False')} loads pickle \`.bin\` weights from ${source.localPath ? 'a local directory' : 'a trusted repository'}; unpickling runs any code the file carries (CWE-502). Convert them to safetensors.`
        : `${name} with ${shown('False')} loads pickle \`.bin\` weights from the Hugging Face Hub: unpickling runs any code the repository's files carry (CWE-502). Use safetensors weights.`;
      return { node: arg.node, fixes: fix(false), severity: own ? 'warning' : 'error', message };
    }
    if (given) {
      if (own) return undefined;
      return { node: arg.node, fixes: fix(false), severity: 'information', message: `${where === 'call' ? '`use_safetensors`' : '`model_kwargs["use_safetensors"]`'} cannot be resolved here; unless it is True, ${name} may load pickle \`.bin\` weights (CWE-502).` };
    }
    if (own) return undefined;
    return {
      severity: 'information',
      node: arg.node,
      fixes: fix(true),
      message: `${name} without ${shown('True')} falls back to pickle \`.bin\` weights when the repository has no safetensors files; unpickling runs any code they carry (CWE-502). Set it to True.`,
    };
  },
});
