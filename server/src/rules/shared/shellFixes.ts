import type { Node } from 'web-tree-sitter';

import type { ShellDownload } from '../../analysis/shell/downloads';
import { REVISION_PLACEHOLDER } from '../../analysis/shell/modelFiles';
import type { Fix } from '../../analysis/types';
import type { Draft } from '../defineRule';

/**
 * `hf download`'s missing or mutable `--revision` set to a `<commit sha>` placeholder, in an argv
 * list or a string literal written in the call. Not preferred: the placeholder does not run as is.
 */
export function revisionFix(download: ShellDownload, range: Draft['range'], arg: Node): Fix[] {
  if (download.kind !== 'hub-cli' || !range || (download.pin !== 'missing' && download.pin !== 'mutable')) return [];
  const title = `Set --revision to "${REVISION_PLACEHOLDER}" (a placeholder: replace it with the full 40-hex commit SHA)`;
  const edit = (start: number, end: number, newText: string): Fix[] => [{ title, edits: [{ start, end, newText }], preferred: false }];
  if (arg.type === 'list' || arg.type === 'tuple') {
    const element = arg.namedChildren.find((n) => n?.startIndex === range.start && n.endIndex === range.end);
    if (element?.type !== 'string') return [];
    const q = element.text.endsWith("'") ? "'" : '"';
    return download.pin === 'missing'
      ? edit(range.end, range.end, `, ${q}--revision${q}, ${q}${REVISION_PLACEHOLDER}${q}`)
      : edit(range.start, range.end, `${q}${REVISION_PLACEHOLDER}${q}`);
  }
  const pieces = arg.type === 'concatenated_string' ? arg.namedChildren : [arg];
  const literal = pieces.find((n) => n?.type === 'string' && n.startIndex <= range.start && range.end <= n.endIndex);
  if (!literal) return [];
  // NOTE: the shell quotes must differ from the Python literal's, and `<` unquoted is a redirection.
  const q = literal.firstChild?.text.endsWith('"') ? "'" : '"';
  if (download.pin === 'missing') return edit(range.end, range.end, ` --revision ${q}${REVISION_PLACEHOLDER}${q}`);
  return literal.text.slice(range.start - literal.startIndex).startsWith('-') ? [] : edit(range.start, range.end, `${q}${REVISION_PLACEHOLDER}${q}`);
}

/**
 * `http://` → `https://` in the URL as written in the call. Not preferred: whether the server
 * answers on https is for the user to check.
 */
export function httpsFix(download: ShellDownload, range: Draft['range'], text: string): Fix[] {
  if (!range || download.insecureTls || !/^http:\/\//i.test(download.source)) return [];
  const at = text.slice(range.start, range.end).search(/http:\/\//i);
  if (at < 0) return [];
  const start = range.start + at;
  return [{ title: 'Download over https:// instead of http:// (check that the server serves https)', edits: [{ start, end: start + 'http://'.length, newText: 'https://' }], preferred: false }];
}
