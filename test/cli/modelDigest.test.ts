import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { minimalEntry } from '../helpers/catalogFixtures';
import { benignNpy, dangerousPickle } from '../helpers/modelFiles';
import { runCli, tempTree } from './runCli';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function entry(digests: string[]): string {
  const hashes = digests.map((d) => `{ alg: SHA-256, content: "${d}" }`).join(', ');
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

  function tree(digests: string[]): string {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/models/means.yaml': entry(digests) });
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
});
