import type { CallSite, Draft, RuleContext } from '../defineRule';
import { remoteSource } from './remoteSource';

/**
 * The verdict shared by loaders that always unpickle: Warning (the file may be untrusted),
 * Error when the bytes provably come from the network.
 */
export function alwaysUnsafe(site: CallSite, ctx: RuleContext, what: string, advice: string): Draft {
  const name = `\`${site.callee.text}\``;
  const remote = remoteSource(site, ctx);
  if (remote) {
    return {
      severity: 'error',
      message: `${name} deserializes data fetched from ${remote}: whoever controls it runs code on this machine (CWE-502). ${advice}`,
    };
  }
  return { message: `${name} ${what} (CWE-502). ${advice}` };
}
