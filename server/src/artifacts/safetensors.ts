import type { ArtifactFinding } from './report';
import type { Source } from './source';

const DTYPE_SIZE: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8, C64: 8, F4: 0.5, F6_E2M3: 0.75, F6_E3M2: 0.75,
};
/** The safetensors library refuses headers larger than this. */
const MAX_HEADER = 100 * 1024 * 1024;

/** Whether the first bytes look like a safetensors header (u64 length, then `{`). */
export function looksSafetensors(src: Source): boolean {
  const head = src.read(0, 9);
  if (head.length < 9 || head[8] !== 0x7b) return false;
  const n = Buffer.from(head).readBigUInt64LE(0);
  return n >= 2n && 8n + n <= BigInt(src.size);
}

/**
 * Integrity checks of a safetensors file (it cannot run code): header size and JSON, dtypes,
 * byte sizes that match shapes, offsets in bounds, sorted, without overlap or gap.
 */
export function checkSafetensors(src: Source, member: string | undefined): ArtifactFinding[] {
  const bad = (message: string): ArtifactFinding[] => [{ kind: 'anomaly', level: 'medium', message: `safetensors: ${message}; the safetensors library refuses such a file, other readers may not`, member }];
  const n = Number(Buffer.from(src.read(0, 8)).readBigUInt64LE(0));
  if (n > MAX_HEADER) return bad(`the header claims ${n} bytes, over the 100 MB limit`);
  if (8 + n > src.size) return bad(`the header length (${n}) runs past the end of the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(src.read(8, n)).toString('utf8'));
  } catch {
    return bad('the header is not valid JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return bad('the header is not a JSON object');
  const dataSize = src.size - 8 - n;
  const spans: [number, number, string][] = [];
  const out: ArtifactFinding[] = [];
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (v === null || typeof v !== 'object' || Object.values(v).some((x) => typeof x !== 'string')) out.push(...bad('__metadata__ is not a map of strings'));
      continue;
    }
    const t = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const size = typeof t.dtype === 'string' ? DTYPE_SIZE[t.dtype] : undefined;
    const offs = t.data_offsets;
    if (size === undefined) return bad(`tensor "${name}" has an unknown dtype ${JSON.stringify(t.dtype)}`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return bad(`tensor "${name}" has an invalid shape`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((d) => Number.isSafeInteger(d) && d >= 0) || offs[0] > offs[1]) return bad(`tensor "${name}" has invalid data_offsets`);
    if (offs[1] > dataSize) return bad(`tensor "${name}" ends at ${offs[1]}, past the end of the data (${dataSize} bytes)`);
    const bytes = Math.ceil((t.shape as number[]).reduce((a, d) => a * d, 1) * size);
    if (bytes !== offs[1] - offs[0]) return bad(`tensor "${name}" holds ${offs[1] - offs[0]} bytes but its shape and dtype need ${bytes}`);
    spans.push([offs[0], offs[1], name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s, e, name] of spans) {
    if (s < at) return bad(`tensor "${name}" overlaps the tensor before it`);
    if (s > at) return bad(`there is a gap of ${s - at} bytes before tensor "${name}"`);
    at = e;
  }
  return out;
}
