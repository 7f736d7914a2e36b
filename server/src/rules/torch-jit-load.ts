import { defineRule } from './defineRule';
import { remoteSource } from './shared/remoteSource';

/**
 * `torch.jit.load`: a TorchScript archive is code plus pickled constants, and there is no safe
 * mode for loading it (pytorch/pytorch#143403). Information, or Warning when the file provably
 * comes from the network.
 */
export const torchJitLoad = defineRule({
  code: 'MLH112',
  name: 'torch-jit-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'information',
  title: 'torch.jit.load has no safe mode: the archive is code',
  nosec: [],
  noqa: [],
  calls: ['torch.jit.load'],
  check(site, ctx) {
    const name = `\`${site.callee.text}\``;
    const remote = remoteSource(site, ctx, 'f');
    if (remote) {
      return {
        severity: 'warning',
        message: `${name} loads a TorchScript archive fetched from ${remote}: it has no safe mode, so whoever controls the file decides what the loaded program does (CWE-502). Load only archives you built or verified.`,
      };
    }
    return {
      message: `${name} has no safe mode (pytorch/pytorch#143403): the TorchScript archive is a program, so load only files you built or verified (CWE-502).`,
    };
  },
});
