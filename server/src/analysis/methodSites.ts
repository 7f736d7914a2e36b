import type { CallSite } from '../rules/defineRule';
import { CallArgs } from './callArgs';
import type { ModuleIndex } from './moduleIndex';
import { parentOf } from './parents';
import { isField } from './syntax';

/** One regex that finds `.name` for any of the methods, as whole words. */
export function methodRegex(methods: Iterable<string>): RegExp | undefined {
  const names = [...new Set(methods)].sort((a, b) => b.length - a.length);
  return names.length === 0 ? undefined : new RegExp(`\\.[ \\t]*(${names.join('|')})\\b`, 'g');
}

/**
 * Calls of a method sink on any receiver (`X.from_pretrained(...)`), found from the text: each
 * `.name` is looked up in the tree, and the receiver is resolved when it can be.
 */
export function findMethodSites(index: ModuleIndex, re: RegExp): CallSite[] {
  const sites: CallSite[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(index.text); m; m = re.exec(index.text)) {
    const name = m[1];
    const start = m.index + m[0].length - name.length;
    const id = index.root.descendantForIndex(start, start + name.length);
    if (!id || id.type !== 'identifier' || id.startIndex !== start) continue;
    const callee = parentOf(id);
    if (!callee || callee.type !== 'attribute' || !isField(callee, 'attribute', id)) continue;
    const call = parentOf(callee);
    if (!call || call.type !== 'call' || !isField(call, 'function', callee)) continue;
    const object = callee.childForFieldName('object');
    const receiver = object ? index.resolve(object) : undefined;
    const path = `${receiver?.path ?? '?'}.${name}`;
    sites.push({
      path,
      method: name,
      resolved: {
        path,
        certain: receiver?.certain ?? false,
        ...(receiver?.others ? { others: receiver.others.map((o) => `${o}.${name}`) } : {}),
        ...(receiver?.loop ? { loop: receiver.loop } : {}),
      },
      callee,
      call,
      args: new CallArgs(call.childForFieldName('arguments'), index),
    });
  }
  return sites;
}
