import { stringPattern, truthiness } from '../../analysis/constants';
import { provablyAtLeast } from '../../analysis/project';
import { replaceNode, setKeyword } from '../../analysis/edits';
import type { Fix } from '../../analysis/types';
import type { CallSite, Draft, RuleContext } from '../defineRule';
import { loadSource, trustedRepo } from './huggingFace';
import { provablyBelow, versionConstraint } from './torchVersion';

/**
 * The model factories of timm and open_clip that load `hf-hub:` weights: they prefer a
 * safetensors file and fall back to the repository's pickle (`pytorch_model.bin`,
 * `open_clip_pytorch_model.bin`) when it has none, unpickled with `torch.load(weights_only=True)`
 * in timm >= 1.0.9 and open_clip >= 2.27.0 (fully unpickled before).
 */
export const FACTORY_CALLS = [
  'timm.create_model',
  'open_clip.create_model',
  'open_clip.create_model_and_transforms',
  'open_clip.create_model_from_pretrained',
];

const HF_HUB = /^hf[-_]hub:/;
const SAFE_FILE = 'model.safetensors';

/** MLH203's verdict on a timm or open_clip factory call, or undefined when it loads no Hub pickle. */
export function factoryFallback(site: CallSite, ctx: RuleContext): Draft | undefined {
  const call = site.call;
  if (!call) return undefined;
  const name = `\`${site.callee.text}\``;
  if (site.path === 'timm.create_model') {
    // NOTE: `pretrained` defaults to False: the factory then fetches the configuration only.
    const source = loadSource(site, ctx);
    const pretrained = site.args.get('pretrained', 1);
    if (!source || !pretrained || truthiness(ctx.fold(pretrained.value)) === false) return undefined;
    if (trustedRepo(source, ctx)) return undefined;
    const overlay = site.args.get('pretrained_cfg_overlay');
    const forced = overlay ? safetensorsOverlay(overlay.value, ctx) : false;
    if (forced === true || (!overlay && site.args.hasOpenKwargs) || (overlay && forced === undefined)) return undefined;
    const fixes: Fix[] = !overlay && !site.args.hasOpenKwargs
      ? [{
          title: `Add pretrained_cfg_overlay=dict(hf_hub_filename="${SAFE_FILE}") (load only the safetensors weights; fails if the repository has none)`,
          edits: [setKeyword(call, 'pretrained_cfg_overlay', `dict(hf_hub_filename="${SAFE_FILE}")`, ctx.text)],
          preferred: false,
        }]
      : [];
    // NOTE: timm 1.0.9 (timm/models/_hub.py) made the fallback `torch.load(weights_only=True)`;
    // before, torch's own default decides (True since torch 2.6).
    const { old, how } = fallbackUnpickling(ctx, 'timm', '1.0.9', 'timm 1.0.9 and later unpickle it with `weights_only=True`, older timm runs any code it carries');
    return {
      severity: old ? 'warning' : 'information',
      fixes,
      node: overlay?.keyword,
      message: `${name} with \`pretrained=True\` falls back to the repository's pickle \`pytorch_model.bin\` when it has no safetensors weights; ${how} (CWE-502). Set \`pretrained_cfg_overlay=dict(hf_hub_filename="${SAFE_FILE}")\` to load only safetensors.`,
    };
  }
  const model = site.args.get('model_name', 0);
  const id = model ? stringPattern(ctx.fold(model.value)) : undefined;
  if (!model || id === undefined || !HF_HUB.test(id)) return undefined;
  if (trustedRepo({ repo: model }, ctx)) return undefined;
  const weightsOnly = site.args.get('weights_only');
  const restricted = weightsOnly ? truthiness(ctx.fold(weightsOnly.value)) : true;
  if (restricted === false) {
    return {
      severity: 'error',
      node: weightsOnly!.keyword,
      fixes: weightsOnly!.fromSplat ? [] : [{ title: 'Set weights_only=True (open_clip then unpickles the fallback weights with torch\'s restricted loader)', edits: [replaceNode(weightsOnly!.value, 'True')], preferred: true }],
      message: `${name} with \`weights_only=False\` fully unpickles the repository's \`open_clip_pytorch_model.bin\` when it has no safetensors weights: unpickling runs any code the file carries (CWE-502). Leave \`weights_only\` at its default (True).`,
    };
  }
  if (restricted === undefined || (!weightsOnly && site.args.hasOpenKwargs)) return undefined;
  // NOTE: open_clip 2.27.0 (src/open_clip/factory.py load_state_dict) added `weights_only=True`.
  const { old, how } = fallbackUnpickling(ctx, 'open-clip-torch', '2.27', 'open_clip 2.27 and later unpickle it with `weights_only=True`, older versions run any code it carries');
  return {
    severity: old ? 'warning' : 'information',
    message: `${name} falls back to the repository's pickle \`open_clip_pytorch_model.bin\` when it has no safetensors weights; ${how} (CWE-502). No argument forces safetensors: check that the repository has \`open_clip_model.safetensors\`, or convert the weights.`,
  };
}

/**
 * Whether the project's manifests allow only versions of `pkg` before `fixed` (which unpickle the
 * fallback fully) with torch before 2.6, and how the message says it (`otherwise` when not).
 */
function fallbackUnpickling(ctx: RuleContext, pkg: string, fixed: string, otherwise: string): { old: boolean; how: string } {
  const old = provablyBelow(ctx.project, pkg, fixed) && !provablyAtLeast(ctx.project, 'torch', '2.6');
  return { old, how: old ? `${versionConstraint(ctx.project, pkg)} unpickles it fully, running any code it carries` : otherwise };
}

/** Whether `pretrained_cfg_overlay` names a safetensors `hf_hub_filename` (undefined when it cannot be told). */
function safetensorsOverlay(node: Parameters<RuleContext['fold']>[0], ctx: RuleContext): boolean | undefined {
  const dict = ctx.fold(node);
  if (dict.kind !== 'dict') return undefined;
  const file = dict.entries.get('hf_hub_filename');
  if (!file) return dict.open ? undefined : false;
  const text = stringPattern(ctx.fold(file));
  return text === undefined ? undefined : text.endsWith('.safetensors');
}
