import * as fs from 'fs';

import { ARTIFACT_EXTENSIONS, isArtifactPath } from '../artifacts/scan';

/**
 * The model files the editor's workspace scan reads. Names as generic as `.bin`, `.dat` and
 * `.data` are only taken when their first bytes look like a model (a pickle with a protocol
 * header, a zip, a NumPy array, compressed data): in a workspace they are more often firmware,
 * test data or caches, and the CLI (which scans them whatever they hold) is the place to be
 * exhaustive.
 */
const GENERIC = ['.bin', '.dat', '.data'];

/** Extensions the scan walks for (the client's file watcher lists the same). */
export const WORKSPACE_MODEL_EXTENSIONS = ARTIFACT_EXTENSIONS;

function looksLikeModel(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(6);
    const n = fs.readSync(fd, head, 0, 6, 0);
    if (n < 2) return false;
    if (head[0] === 0x80 && head[1] >= 2 && head[1] <= 5) return true;
    if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return true;
    if (head.subarray(0, 6).equals(Buffer.from('\x93NUMPY', 'latin1'))) return true;
    return (head[0] === 0x1f && head[1] === 0x8b) || (head[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(head[1]));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether the workspace scan reads this file as a model file. */
export function isWorkspaceModel(file: string): boolean {
  if (!isArtifactPath(file)) return false;
  const lower = file.toLowerCase();
  return GENERIC.some((e) => lower.endsWith(e)) ? looksLikeModel(file) : true;
}
