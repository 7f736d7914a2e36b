import type { ArtifactFinding } from './report';

/**
 * A minimal protobuf wire reader (no schema, no .proto files) for the two protobuf model formats
 * that can point outside themselves or run code: ONNX (external data, custom operator domains)
 * and TensorFlow SavedModel (ops such as PyFunc, ReadFile, WriteFile). Bounded: nested messages
 * at most 64 deep, at most 1 000 000 fields per file.
 */
interface Field {
  no: number;
  wire: number;
  /** Varint value, or the [start, end) of a length-delimited payload. */
  value: number;
  start: number;
  end: number;
}

class Budget {
  fields = 0;
}

function* fields(buf: Uint8Array, start: number, end: number, budget: Budget): Generator<Field> {
  let p = start;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (p >= end) throw new Error('truncated varint');
      const b = buf[p++];
      v += (b & 0x7f) * mul;
      if (!(b & 0x80)) return v;
      mul *= 128;
    }
    throw new Error('varint too long');
  };
  while (p < end) {
    if (++budget.fields > 1_000_000) throw new Error('too many fields');
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint(), start: p, end: p };
    else if (wire === 1) (p += 8), p <= end || fail();
    else if (wire === 5) (p += 4), p <= end || fail();
    else if (wire === 2) {
      const len = varint();
      if (p + len > end) throw new Error('a field runs past its message');
      yield { no, wire, value: len, start: p, end: p + len };
      p += len;
    } else throw new Error(`wire type ${wire}`);
  }
}

function fail(): never {
  throw new Error('truncated field');
}

const text = (buf: Uint8Array, f: Field) => Buffer.from(buf.subarray(f.start, Math.min(f.end, f.start + 4096))).toString('utf8');

/** Standard ONNX operator domains; anything else is a custom operator library. */
const ONNX_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training', 'com.microsoft', 'com.microsoft.nchwc', 'com.microsoft.experimental', 'pkg.onnxscript.torch_lib', 'pkg.onnxscript.torch_lib.common']);

/** ONNX: external-data locations that leave the model's folder, and custom operator domains. */
export function scanOnnx(buf: Uint8Array, member: string | undefined): ArtifactFinding[] {
  const out: ArtifactFinding[] = [];
  const seen = new Set<string>();
  const budget = new Budget();
  const add = (key: string, f: ArtifactFinding) => {
    if (!seen.has(key) && out.length < 200) (seen.add(key), out.push(f));
  };
  const tensor = (s: number, e: number) => {
    for (const f of fields(buf, s, e, budget)) {
      if (f.no !== 13 || f.wire !== 2) continue; // external_data: StringStringEntryProto
      let k = '';
      let v = '';
      for (const g of fields(buf, f.start, f.end, budget)) {
        if (g.wire !== 2) continue;
        if (g.no === 1) k = text(buf, g);
        if (g.no === 2) v = text(buf, g);
      }
      if (k === 'location' && (/(^|[\\/])\.\.([\\/]|$)/.test(v) || /^([\\/]|[A-Za-z]:)/.test(v))) {
        add(`ext:${v}`, { kind: 'anomaly', level: 'high', message: `An ONNX tensor's external data is at "${v}", outside the model's folder: loading the model reads that file (CVE-2022-25882, CVE-2024-27318)`, member, name: v });
      }
    }
  };
  const graph = (s: number, e: number, depth: number): void => {
    if (depth > 64) throw new Error('graphs nested too deep');
    for (const f of fields(buf, s, e, budget)) {
      if (f.wire !== 2) continue;
      if (f.no === 5 || f.no === 15) tensor(f.start, f.end); // initializer, sparse_initializer (approx.)
      if (f.no !== 1) continue;
      let op = '';
      let domain = '';
      for (const g of fields(buf, f.start, f.end, budget)) {
        if (g.wire !== 2) continue;
        if (g.no === 4) op = text(buf, g);
        if (g.no === 7) domain = text(buf, g);
        if (g.no === 5) {
          // AttributeProto: g = 6 (graph), graphs = 11, t = 5 (tensor)
          for (const a of fields(buf, g.start, g.end, budget)) {
            if (a.wire !== 2) continue;
            if (a.no === 6 || a.no === 11) graph(a.start, a.end, depth + 1);
            if (a.no === 5) tensor(a.start, a.end);
          }
        }
      }
      if (!ONNX_DOMAINS.has(domain)) {
        const python = /PyOp|Python/i.test(op) || domain === 'ai.onnx.contrib';
        add(`op:${domain}:${op}`, python
          ? { kind: 'dangerous-import', level: 'high', message: `ONNX node ${op} from the custom domain ${domain}: onnxruntime-extensions runs Python registered for it`, member, module: domain, name: op }
          : { kind: 'unknown-import', level: 'medium', message: `ONNX node ${op} from the custom domain ${domain}: loading the model needs (and runs) a custom operator library`, member, module: domain, name: op });
      }
    }
  };
  try {
    for (const f of fields(buf, 0, buf.length, budget)) if (f.no === 7 && f.wire === 2) graph(f.start, f.end, 0);
  } catch (err) {
    out.push({ kind: 'inconclusive', level: 'medium', message: `The ONNX model could not be read to the end (${(err as Error).message})`, member });
  }
  return out;
}

const TF_DANGEROUS: Record<string, 'critical' | 'high'> = { PyFunc: 'critical', PyFuncStateless: 'critical', EagerPyFunc: 'critical', PyCall: 'critical', ReadFile: 'high', WriteFile: 'high', MatchingFiles: 'high', ImmutableConst: 'high', LoadLibrary: 'critical' };

/** TF SavedModel: meta_graphs(2) > graph_def(2) > node(1).op(2), and library(2) > function(1) > node_def(3). */
export function scanSavedModel(buf: Uint8Array, member: string | undefined): ArtifactFinding[] {
  const out: ArtifactFinding[] = [];
  const seen = new Set<string>();
  const budget = new Budget();
  const node = (s: number, e: number) => {
    for (const f of fields(buf, s, e, budget)) {
      if (f.no !== 2 || f.wire !== 2) continue;
      const op = text(buf, f);
      const level = TF_DANGEROUS[op];
      if (level && !seen.has(op)) {
        seen.add(op);
        out.push({ kind: 'dangerous-import', level, message: `The SavedModel graph uses the ${op} op, which ${level === 'critical' ? 'runs Python code' : 'reads or writes files'} when the model runs`, member, module: 'tensorflow.raw_ops', name: op });
      }
    }
  };
  const graphDef = (s: number, e: number) => {
    for (const f of fields(buf, s, e, budget)) {
      if (f.wire !== 2) continue;
      if (f.no === 1) node(f.start, f.end);
      if (f.no === 2) for (const fn of fields(buf, f.start, f.end, budget)) if (fn.no === 1 && fn.wire === 2) for (const n of fields(buf, fn.start, fn.end, budget)) if (n.no === 3 && n.wire === 2) node(n.start, n.end);
    }
  };
  try {
    for (const f of fields(buf, 0, buf.length, budget)) {
      if (f.no !== 2 || f.wire !== 2) continue;
      for (const g of fields(buf, f.start, f.end, budget)) if (g.no === 2 && g.wire === 2) graphDef(g.start, g.end);
    }
  } catch (err) {
    out.push({ kind: 'inconclusive', level: 'medium', message: `The SavedModel could not be read to the end (${(err as Error).message})`, member });
  }
  return out;
}
