import { strict as assert } from 'assert';
import { blake3 } from '@noble/hashes/blake3.js';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { minimalEntry } from '../helpers/catalogFixtures';
import { benignNpy, dangerousPickle } from '../helpers/modelFiles';
import { runCli, tempTree } from './runCli';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

function entry(digests: string[], alg = 'SHA-256'): string {
  const hashes = digests.map((d) => `{ alg: ${alg}, content: "${d}" }`).join(', ');
  return minimalEntry('means', `versions:
  - version: "1"
    createdAt: "2026-01-01T00:00:00Z"
    changelog: First version.
    artifact: { format: other, hashes: [ ${hashes} ] }
`).replace('models/means/*.safetensors', 'models/means/*.{npy,pkl}');
}

describe('ml-hygiene check and scan-artifacts: model files compared with their catalog digests (MLH305)', function () {
  this.timeout(30_000);
  const model = benignNpy([0.5, 1]);

  function tree(digests: string[], alg?: string): string {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/models/means.yaml': entry(digests, alg) });
    fs.mkdirSync(path.join(dir, 'models/means'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'elsewhere'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'models/means/v1.npy'), model);
    fs.writeFileSync(path.join(dir, 'elsewhere/v1.npy'), model);
    return dir;
  }

  it('warns on a file under match.paths whose SHA-256 the entry does not record, only there', () => {
    const dir = tree(['f'.repeat(64)]);
    const r = runCli(['scan-artifacts', '.'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.includes('MLH'));
    assert.deepEqual(lines, [`models/means/v1.npy:1:1: MLH305 [warning] The file's SHA-256 ${sha256(model)} matches none of the 1 digest(s) the catalog entry "means" records (version 1): the file changed after it was recorded (tampering?) or is a retrain never recorded as a version`]);
  });

  it('is silent when one recorded digest matches, and reports the scan findings beside a mismatch', () => {
    assert.equal(runCli(['check', '.'], tree(['f'.repeat(64), sha256(model)])).status, 0);
    const dir = tree([sha256(model)]);
    fs.writeFileSync(path.join(dir, 'models/means/v2.pkl'), dangerousPickle());
    const r = runCli(['check', '.', '--format', 'json'], dir);
    const codes = (JSON.parse(r.stdout) as { file: string; code: string }[]).map((x) => `${x.file}:${x.code}`).sort();
    assert.deepEqual(codes, ['models/means/v2.pkl:MLH305', 'models/means/v2.pkl:MLH401']);
  });

  it('compares SHA-512 and BLAKE3 digests too, in the algorithm the entry records them', () => {
    // The BLAKE3 reference vector of the empty input, then of the model file's bytes.
    assert.equal(Buffer.from(blake3(new Uint8Array(0))).toString('hex'), 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
    assert.equal(runCli(['scan-artifacts', '.'], tree([sha512(model)], 'SHA-512')).status, 0);
    assert.equal(runCli(['scan-artifacts', '.'], tree([Buffer.from(blake3(model)).toString('hex')], 'BLAKE3')).status, 0);
    const r = runCli(['scan-artifacts', '.'], tree(['e'.repeat(128)], 'SHA-512'));
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`MLH305 \\[warning\\] The file's SHA-512 ${sha512(model)} matches none of the 1 digest\\(s\\)`));
    const upper = runCli(['scan-artifacts', '.'], tree([sha256(model).toUpperCase()]));
    assert.equal(upper.status, 0, 'a digest recorded in upper case still matches');
  });
});
