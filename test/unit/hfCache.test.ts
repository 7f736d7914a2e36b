import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { cachedCommit, hubCacheDir } from '../../server/src/rules/shared/hfCache';
import { expectMigration, fixTitles } from '../helpers/fixes';

const MAIN = 'a3f1c2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5';
const TAG = 'b4e2d3f9b8a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const DATA = 'c5f3e4a0c9b3d4e5f6a7b8c9d0e1f2a3b4c5d6e7';
const CODE = 'd6a4f5b1d0c4e5f6a7b8c9d0e1f2a3b4c5d6e7f8';

/** Writes `<cache>/<folder>/refs/<ref>` and an empty snapshot folder, as huggingface_hub lays them out. */
function writeRef(cache: string, folder: string, ref: string, content: string): void {
  const file = path.join(cache, folder, 'refs', ...ref.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (/^[0-9a-f]{40}$/.test(content.trim())) fs.mkdirSync(path.join(cache, folder, 'snapshots', content.trim()), { recursive: true });
}

describe('pin to the commit in the local Hugging Face cache (MLH201, MLH202)', () => {
  let cache: string;
  let saved: string | undefined;

  before(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-hf-cache-'));
    writeRef(cache, 'models--org--m', 'main', `${MAIN}\n`);
    writeRef(cache, 'models--org--m', 'v1.0', TAG);
    writeRef(cache, 'models--gpt2', 'main', MAIN);
    writeRef(cache, 'datasets--org--ds', 'main', DATA);
    writeRef(cache, 'models--org--remote', 'main', CODE);
    writeRef(cache, 'models--org--short', 'main', 'a3f1c2e');
    writeRef(cache, 'models--org--garbage', 'main', 'not a commit at all, but forty chars ok!');
    writeRef(cache, 'models--org--long', 'main', `${MAIN}${'0'.repeat(100_000)}`);
    fs.mkdirSync(path.join(cache, 'models--org--folder', 'refs', 'main'), { recursive: true });
    fs.mkdirSync(path.join(cache, 'models--org--noref', 'snapshots', MAIN), { recursive: true });
    saved = process.env.HF_HUB_CACHE;
    process.env.HF_HUB_CACHE = cache;
  });

  after(() => {
    if (saved === undefined) delete process.env.HF_HUB_CACHE;
    else process.env.HF_HUB_CACHE = saved;
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('offers the refs/main commit of a model when the load has no revision, besides the placeholder', async () => {
    const source = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m")\n';
    const titles = await fixTitles(source, 'MLH201');
    assert.deepEqual(titles[0].slice(0, 2), [
      `Pin to cached commit ${MAIN.slice(0, 7)}… (refs/main in the local Hugging Face cache)`,
      'Insert revision="<commit sha>" (a placeholder: replace it with the full 40-hex commit SHA)',
    ]);
    await expectMigration(source, {
      code: 'MLH201',
      title: 'Pin to cached commit',
      expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${MAIN}")\n`,
    });
  });

  it('in a loop over (repo id, class) pairs, only when every pair names the same repository', async () => {
    const titles = await fixTitles('from transformers import AutoModel, AutoTokenizer\nfor name, cls in [("org/m", AutoModel), ("gpt2", AutoTokenizer)]:\n    cls.from_pretrained(name)\n', 'MLH201');
    assert.deepEqual(titles, [['Insert revision="<commit sha>" (a placeholder: replace it with the full 40-hex commit SHA)', 'Suppress MLH201 on this line (# noqa: MLH201)']]);
    await expectMigration('from transformers import AutoModel, AutoTokenizer\nfor name, cls in [("org/m", AutoModel), ("org/m", AutoTokenizer)]:\n    cls.from_pretrained(name)\n', {
      code: 'MLH201',
      title: 'Pin to cached commit',
      expected: `from transformers import AutoModel, AutoTokenizer\nfor name, cls in [("org/m", AutoModel), ("org/m", AutoTokenizer)]:\n    cls.from_pretrained(name, revision="${MAIN}")\n`,
    });
  });

  it('a bare id (gpt2) and a keyword repository', async () => {
    await expectMigration('from huggingface_hub import hf_hub_download\np = hf_hub_download(repo_id="gpt2", filename="config.json")\n', {
      code: 'MLH201',
      title: 'Pin to cached commit',
      expected: `from huggingface_hub import hf_hub_download\np = hf_hub_download(repo_id="gpt2", filename="config.json", revision="${MAIN}")\n`,
    });
  });

  it('follows an explicit mutable revision (refs/v1.0) and replaces it', async () => {
    const source = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="v1.0")\n';
    const titles = await fixTitles(source, 'MLH201');
    assert.equal(titles[0][0], `Pin to cached commit ${TAG.slice(0, 7)}… (refs/v1.0 in the local Hugging Face cache)`);
    await expectMigration(source, {
      code: 'MLH201',
      title: 'Pin to cached commit',
      expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${TAG}")\n`,
    });
  });

  it('reads datasets from datasets--org--name (load_dataset, repo_type="dataset")', async () => {
    await expectMigration('from datasets import load_dataset\nd = load_dataset("org/ds")\n', {
      code: 'MLH201',
      title: 'Pin to cached commit',
      expected: `from datasets import load_dataset\nd = load_dataset("org/ds", revision="${DATA}")\n`,
    });
    await expectMigration('from huggingface_hub import snapshot_download\np = snapshot_download("org/ds", repo_type="dataset")\n', {
      code: 'MLH201',
      title: 'Pin to cached commit',
      expected: `from huggingface_hub import snapshot_download\np = snapshot_download("org/ds", repo_type="dataset", revision="${DATA}")\n`,
    });
    // The same name as a model is not in the cache.
    const titles = await fixTitles('from huggingface_hub import snapshot_download\np = snapshot_download("org/ds")\n', 'MLH201');
    assert.ok(!titles[0].some((t) => t.startsWith('Pin to cached commit')), titles[0].join(' | '));
  });

  it('MLH202 offers the cached pin as an alternative to removing trust_remote_code', async () => {
    const source = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/remote", trust_remote_code=True)\n';
    const titles = await fixTitles(source, 'MLH202');
    assert.match(titles[0][0], /^Remove `trust_remote_code=True`/);
    assert.equal(titles[0][1], `Pin to cached commit ${CODE.slice(0, 7)}… (refs/main in the local Hugging Face cache)`);
    await expectMigration(source, {
      code: 'MLH202',
      title: 'Pin to cached commit',
      expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/remote", trust_remote_code=True, revision="${CODE}")\n`,
      remaining: 1,
    });
  });

  it('MLH202 pins a code_revision on a branch to the commit cached for that ref of the repository', async () => {
    const pinned = 'f'.repeat(40);
    const source = `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/remote", revision="${pinned}", trust_remote_code=True, code_revision="main")\n`;
    const titles = await fixTitles(source, 'MLH202');
    assert.ok(titles[0].includes(`Pin code_revision to cached commit ${CODE.slice(0, 7)}… (refs/main of org/remote in the local Hugging Face cache)`), titles[0].join(' | '));
    await expectMigration(source, {
      code: 'MLH202',
      title: 'Pin code_revision to cached commit',
      expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/remote", revision="${pinned}", trust_remote_code=True, code_revision="${CODE}")\n`,
      remaining: 1,
    });
    // A tag the cache does not know: only the placeholder.
    const unknown = await fixTitles(source.replace('code_revision="main"', 'code_revision="v9"'), 'MLH202');
    assert.ok(!unknown[0].some((t) => t.startsWith('Pin code_revision')), unknown[0].join(' | '));
  });

  it('offers nothing from the cache when the ref file is missing or not 40-hex, or the repository or revision is not a constant', async () => {
    for (const call of [
      'AutoModel.from_pretrained("org/noref")',
      'AutoModel.from_pretrained("org/short")',
      'AutoModel.from_pretrained("org/garbage")',
      'AutoModel.from_pretrained("org/long")',
      'AutoModel.from_pretrained("org/folder")',
      'AutoModel.from_pretrained("org/absent")',
      'AutoModel.from_pretrained("org/m", revision="v2.0")',
      'AutoModel.from_pretrained("org/m", revision=os.environ["REV"])',
      'AutoModel.from_pretrained(f"{org}/m")',
    ]) {
      const titles = await fixTitles(`import os\nfrom transformers import AutoModel\nm = ${call}\n`, 'MLH201');
      assert.equal(titles.length, 1, call);
      assert.ok(!titles[0].some((t) => t.startsWith('Pin to cached commit')), `${call}: ${titles[0].join(' | ')}`);
    }
  });

  it('refuses revisions that would leave the repository folder, and never throws on an odd cache', () => {
    assert.equal(cachedCommit('org/m', 'model', '../../models--gpt2/refs/main', cache), undefined);
    assert.equal(cachedCommit('org/m', 'model', '/etc/passwd', cache), undefined);
    assert.equal(cachedCommit('../org', 'model', 'main', cache), undefined);
    assert.equal(cachedCommit('org/m', 'model', 'main', path.join(cache, 'models--org--m', 'refs', 'main')), undefined);
    assert.deepEqual(cachedCommit('org/m', 'model', 'main', cache), { sha: MAIN, ref: 'refs/main' });
  });

  it('finds the cache as huggingface_hub does: HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME, ~/.cache', () => {
    assert.equal(hubCacheDir({ HF_HUB_CACHE: '/a', HF_HOME: '/b' }), '/a');
    assert.equal(hubCacheDir({ HF_HOME: '/b' }), path.join('/b', 'hub'));
    assert.equal(hubCacheDir({ XDG_CACHE_HOME: '/c' }), path.join('/c', 'huggingface', 'hub'));
    assert.equal(hubCacheDir({}), path.join(os.homedir(), '.cache', 'huggingface', 'hub'));
  });
});
