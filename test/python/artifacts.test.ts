import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { scanFile } from '../../server/src/artifacts/scan';
import type { ScanResult } from '../../server/src/artifacts/report';
import { REPO, runCli, runPython } from './python';

interface Entry {
  id: string;
  file: string;
  expect: ScanResult['verdict'];
  kind: string;
  notes: string;
  inconclusive: boolean | null;
}

const SCRIPTS = path.join(REPO, 'test', 'python', 'artifacts');

/**
 * The model-file fixture catalogue (artifacts.md §4), built by make_fixtures.py with the standard
 * library and, for the real-file controls, numpy, joblib and scikit-learn from the tier's venv.
 * Each file has an expected verdict; for each bare pickle, every global CPython's own unpicklers
 * reach (find_class stubbed, nothing executed: reach.py) must be among the imports the scanner
 * reports, or the scanner must have reported an import it could not resolve.
 */
describe('python tier: model files (MLH4xx) against the fixture catalogue and CPython', function () {
  this.timeout(120_000);
  let dir: string;
  let manifest: Entry[];
  let reached: Record<string, [string, string][]>;
  const results = new Map<string, ScanResult>();

  before(async function () {
    this.timeout(15 * 60_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-artifacts-'));
    const made = runPython([path.join(SCRIPTS, 'make_fixtures.py'), dir], REPO);
    assert.equal(made.status, 0, made.stderr);
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const reach = runPython([path.join(SCRIPTS, 'reach.py'), dir], REPO);
    assert.equal(reach.status, 0, reach.stderr);
    reached = JSON.parse(reach.stdout);
    for (const e of manifest) results.set(e.id, await scanFile(path.join(dir, e.file)));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds the whole catalogue: gadgets, parser tricks, containers, robustness, benign and real files', () => {
    const kinds = new Set(manifest.map((e) => e.kind));
    for (const k of ['gadget', 'parser', 'container', 'robustness', 'benign', 'keras', 'keras-h5', 'safetensors', 'real']) assert.ok(kinds.has(k), k);
    assert.ok(manifest.length > 250, `${manifest.length} fixtures`);
    for (const id of ['J_raw', 'J_zlib', 'J_gzip', 'SK01', 'N01', 'N04']) assert.ok(manifest.some((e) => e.id === id), `${id} made with the real library`);
  });

  it('gives every fixture its expected verdict, and inconclusive exactly where expected', () => {
    const wrong = manifest.flatMap((e) => {
      const r = results.get(e.id)!;
      const bad = r.verdict !== e.expect || (e.inconclusive !== null && r.inconclusive !== e.inconclusive);
      return bad ? [`${e.id} (${e.notes}): ${r.verdict}${r.inconclusive ? ', inconclusive' : ''}, expected ${e.expect}${e.inconclusive ? ', inconclusive' : ''}\n  ${r.findings.map((f) => f.message).join('\n  ')}`] : [];
    });
    assert.deepEqual(wrong, []);
  });

  it('reports every global that CPython reaches in each pickle (find_class stubbed)', () => {
    assert.ok(Object.keys(reached).length > 200);
    const missed: string[] = [];
    for (const [file, pairs] of Object.entries(reached)) {
      const entry = manifest.find((e) => e.file === file)!;
      const r = results.get(entry.id)!;
      const mine = new Set(r.imports.map((i) => `${i.module}.${i.name}`));
      const unresolved = r.imports.some((i) => i.module === '?' || i.name === '?');
      for (const [m, n] of pairs) if (!mine.has(`${m}.${n}`) && !unresolved) missed.push(`${entry.id}: ${m}.${n}`);
    }
    assert.deepEqual(missed, []);
  });

  it('names the module, callable, opcode, offset and member of what it finds', () => {
    const c01 = results.get('C01')!;
    assert.equal(c01.format, 'pytorch-zip');
    const f = c01.findings.find((x) => x.kind === 'dangerous-import')!;
    assert.deepEqual([f.module, f.name, f.member, f.opcode], ['os', 'system', 'archive/data.pkl', 'STACK_GLOBAL']);
    assert.equal(typeof f.offset, 'number');
    const p24 = results.get('P24')!.findings[0];
    assert.match(p24.message, /urllib2\.urlopen \(read as urllib\.request\.urlopen by Python 3\)/);
    const p33 = results.get('P33')!;
    assert.ok(p33.findings.some((x) => x.module === 'os' && /passed to pickle\.loads/.test(x.member ?? '')), 'the nested pickle is scanned');
    assert.ok(results.get('C16')!.findings.some((x) => x.kind === 'anomaly' && /2 times/.test(x.message)));
    assert.ok(results.get('K01')!.findings.some((x) => x.kind === 'keras' && x.name === 'Lambda'));
    // A legacy Keras .h5: the Lambda layer is found in the model_config attribute, read from the HDF5 structures.
    for (const id of ['H01', 'H02', 'H03', 'H07']) {
      assert.equal(results.get(id)!.format, 'hdf5');
      assert.ok(results.get(id)!.findings.some((x) => x.kind === 'keras' && x.name === 'Lambda' && x.member === 'model_config'), id);
    }
    assert.match(results.get('H08')!.findings[0].message, /dense storage, and its name index has more than one level/);
  });

  it('reads a PyTorch checkpoint through its zip directory, not its tensors', () => {
    const c02 = results.get('C02')!;
    assert.equal(c02.verdict, 'clean');
    assert.deepEqual(c02.imports.map((i) => `${i.module}.${i.name}`).sort(), ['collections.OrderedDict', 'torch.FloatStorage', 'torch._utils._rebuild_tensor_v2']);
    assert.ok(c02.bytesRead < fs.statSync(path.join(dir, 'C02_torch_benign.pt')).size + 70_000);
  });

  it('scan-artifacts reports the catalogue as text, JSON and valid SARIF with check\'s exit codes', () => {
    const text = runCli(['scan-artifacts', dir], REPO);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /C01_torch_malicious\.pt:1:1: MLH401 \[error\] \[archive\/data\.pkl\] STACK_GLOBAL at offset \d+ imports os\.system/);
    // The bundled decompressors (bz2, xz, lzma) work in the built CLI, without warnings.
    for (const id of ['C34', 'C35', 'C36']) assert.match(text.stdout, new RegExp(`${id}_joblib_\\w+\\.joblib:1:1: MLH401 \\[error\\] \\[\\w+ content\\]`));
    assert.doesNotMatch(text.stdout, /J_\w+\.joblib/);
    assert.equal(text.stderr, '');
    const clean = runCli(['scan-artifacts', path.join(dir, 'B01_plain.pkl'), path.join(dir, 'C02_torch_benign.pt')], REPO);
    assert.equal(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /All clear: 2 file\(s\) checked/);
    const json = runCli(['scan-artifacts', path.join(dir, 'C01_torch_malicious.pt'), '--format', 'json'], REPO);
    const rows = JSON.parse(json.stdout);
    assert.deepEqual(rows.map((r: { code: string; artifact: { module: string; name: string; member: string } }) => [r.code, r.artifact.module, r.artifact.name, r.artifact.member]), [['MLH401', 'os', 'system', 'archive/data.pkl']]);
    const sarif = runCli(['scan-artifacts', dir, '--format', 'sarif'], REPO);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, log), JSON.stringify(ajv.errors?.slice(0, 3)));
    const ids = new Set(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId));
    for (const code of ['MLH401', 'MLH402', 'MLH403', 'MLH404', 'MLH405']) assert.ok(ids.has(code), code);
    const ignored = runCli(['scan-artifacts', path.join(dir, 'SK01_sklearn.joblib'), '--ignore', 'MLH402'], REPO);
    assert.equal(ignored.status, 0, ignored.stdout);
  });

  it('disagrees with picklescan and modelscan (from PyPI) only where a fixture expectation says it is right', function () {
    this.timeout(600_000);
    const run = runPython([path.join(SCRIPTS, 'peers.py'), dir], REPO);
    assert.equal(run.status, 0, run.stderr);
    const peers = JSON.parse(run.stdout) as Record<string, { picklescan: string; modelscan: string }>;
    const differences: string[] = [];
    const unexplained: string[] = [];
    for (const e of manifest) {
      const ours = results.get(e.id)!.verdict;
      for (const tool of ['picklescan', 'modelscan'] as const) {
        const theirs = peers[e.id][tool];
        if (theirs === ours) continue;
        differences.push(`${e.id} ${tool}: ${theirs}, ml-hygiene: ${ours}`);
        // Every difference must be one where the catalogue's expectation sides with this scanner.
        if (ours !== e.expect) unexplained.push(`${e.id} (${e.notes}): ${tool} ${theirs}, ml-hygiene ${ours}, expected ${e.expect}`);
      }
    }
    assert.deepEqual(unexplained, []);
    // The headline misses of artifacts.md §1.5 reproduce with the pinned versions.
    const miss = (tool: 'picklescan' | 'modelscan', ids: string[]) => ids.filter((id) => peers[id][tool] === 'dangerous');
    assert.deepEqual(miss('picklescan', ['P14', 'P37', 'C09', 'C14', 'C15', 'C32', 'C33', 'C34', 'C35', 'C36', 'C37', 'C38', 'K01', 'K02', 'O01', 'T01']), []);
    assert.deepEqual(miss('modelscan', ['P07', 'P11', 'P15', 'P16', 'P21', 'P24', 'C04', 'C05', 'C06', 'C08', 'C12', 'C13', 'C14', 'C32']), []);
    assert.ok(differences.length > 100, `${differences.length} differences`);
  });

  it('check scans the model files it meets, unless --no-artifacts', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-check-art-'));
    fs.copyFileSync(path.join(dir, 'C01_torch_malicious.pt'), path.join(work, 'model.pt'));
    fs.writeFileSync(path.join(work, 'train.py'), 'import json\nprint(json.dumps({}))\n');
    const withModels = runCli(['check', '.', '--no-cache'], work);
    assert.equal(withModels.status, 1, withModels.stderr);
    assert.match(withModels.stdout, /model\.pt:1:1: MLH401 \[error\]/);
    const without = runCli(['check', '.', '--no-cache', '--no-artifacts'], work);
    assert.equal(without.status, 0, without.stdout);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
