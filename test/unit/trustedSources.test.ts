import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { trustedSource } from '../../server/src/analysis/trustedSources';
import { parsePyproject } from '../../server/src/config/projectConfig';
import { checkDocument } from '../../server/src/engine/checkDocument';
import { testParser } from '../helpers/testParser';

const project = (trustedSources: string[]) => ({ packages: new Map(), trustedSources });

describe('trusted-sources', () => {
  it('matches Hub patterns, hosts, subdomains and URL prefixes, and nothing else', () => {
    const p = project(['my-org/*', 'other/one-model', 'models.internal.example', '*.corp.example', 'https://mirror.example.com/models/']);
    assert.equal(trustedSource(p, { hubRepo: 'my-org/bert' }), 'my-org/*');
    assert.equal(trustedSource(p, { hubRepo: 'My-Org/bert' }), 'my-org/*');
    assert.equal(trustedSource(p, { hubRepo: 'other/one-model' }), 'other/one-model');
    assert.equal(trustedSource(p, { hubRepo: 'other/two-model' }), undefined);
    assert.equal(trustedSource(p, { hubRepo: 'my-org-evil/bert' }), undefined);
    assert.equal(trustedSource(p, { url: 'https://huggingface.co/my-org/bert/resolve/main/model.bin' }), 'my-org/*');
    assert.equal(trustedSource(p, { url: 'https://models.internal.example/a.pt' }), 'models.internal.example');
    assert.equal(trustedSource(p, { url: 'https://user@models.internal.example:8443/a.pt' }), 'models.internal.example');
    assert.equal(trustedSource(p, { url: 'https://models.internal.example.evil.com/a.pt' }), undefined);
    assert.equal(trustedSource(p, { url: 'https://a.b.corp.example/x.pt' }), '*.corp.example');
    assert.equal(trustedSource(p, { url: 'https://corpexample/x.pt' }), undefined);
    assert.equal(trustedSource(p, { url: 'https://mirror.example.com/models/x.pt' }), 'https://mirror.example.com/models/');
    assert.equal(trustedSource(p, { url: 'https://mirror.example.com/other/x.pt' }), undefined);
    assert.equal(trustedSource({ packages: new Map() }, { hubRepo: 'my-org/bert' }), undefined);
  });

  it('reports an entry of no known shape as MLH001 and keeps the other fields', () => {
    const config = parsePyproject('/p/pyproject.toml', '[tool.ml-hygiene]\nignore = ["MLH105"]\ntrusted-sources = ["my-org/*", "not a source"]\n');
    assert.deepEqual(config.settings, { ignore: ['MLH105'] });
    assert.equal(config.problems.length, 1);
    assert.equal(config.problems[0].line, 2);
    assert.match(config.problems[0].message, /"not a source": expected a Hub pattern/);
  });

  it('silences MLH201 (and MLH203) for a trusted repository in a trusted workspace only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-trusted-'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ml-hygiene]\ntrusted-sources = ["my-org/*"]\n');
    const file = path.join(dir, 'train.py');
    const text = 'from transformers import AutoModel\na = AutoModel.from_pretrained("my-org/bert")\nb = AutoModel.from_pretrained("stranger/bert")\nc = AutoModel.from_pretrained("my-org/bert", trust_remote_code=True)\nd = AutoModel.from_pretrained("my-org/" + name)\ne = AutoModel.from_pretrained(f"{org}/bert")\n';
    const tree = (await testParser()).parse(text)!;
    const lines = (trusted: boolean) => checkDocument(text, file, () => tree, { trusted }).findings.map((f) => `${text.slice(0, f.start).split('\n').length}:${f.code}`);
    assert.deepEqual(lines(true), ['3:MLH201', '3:MLH203', '4:MLH202', '6:MLH201', '6:MLH203']);
    assert.deepEqual(lines(false), ['2:MLH201', '2:MLH203', '3:MLH201', '3:MLH203', '4:MLH201', '4:MLH203', '4:MLH202', '5:MLH201', '5:MLH203', '6:MLH201', '6:MLH203']);
    tree.delete();
  });
});
