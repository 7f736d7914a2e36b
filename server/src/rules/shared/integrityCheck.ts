import type { Node } from 'web-tree-sitter';

import { scopeOf } from '../../analysis/syntax';
import type { RuleContext } from '../defineRule';

/** A digest compared with an expected value, or a checksum tool run in check mode. */
const DIGEST = /\.hexdigest\(\)|\bfile_digest\s*\(|\.digest\(\)/;
const COMPARED = /compare_digest\s*\(|^[^\n#]*\b\w*(?:digest|sha\d*|hash|checksum)\w*(?:\(\))?\s*(?:==|!=)|(?:==|!=)\s*[\w.]*(?:digest|sha\d*|hash|checksum)/im;
const CHECK_TOOL = /\b(?:sha(?:1|224|256|384|512)sum|shasum|b2sum|md5sum)\b[^\n]*(?:["'\s]-c\b|--check)/;

/**
 * True when the function (or module) around a node verifies a digest: `hashlib.sha256(...)
 * .hexdigest() == EXPECTED`, `hmac.compare_digest`, or `sha256sum -c` in a command. Looked up once
 * per scope. It does not prove the check covers the downloaded file, so findings are lowered to
 * Information rather than dropped.
 */
export function checksIntegrity(node: Node, ctx: RuleContext): boolean {
  const scope = scopeOf(node);
  return ctx.index.memo(`integrity:${scope.id}`, () => {
    const text = scope.text;
    return (DIGEST.test(text) && COMPARED.test(text)) || CHECK_TOOL.test(text);
  });
}
