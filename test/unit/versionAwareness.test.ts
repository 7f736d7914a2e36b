import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { provablyAtLeast, provablyAtMost } from '../../server/src/analysis/project';
import { readProjectFacts } from '../../server/src/config/dependencies';
import { checkDocument } from '../../server/src/engine/checkDocument';
import { testParser } from '../helpers/testParser';

/** A project folder with these files; the facts it yields and MLH110's verdicts in it. */
async function project(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-versions-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const facts = readProjectFacts(dir);
  const text = 'import torch\na = torch.load("m.pt")\nb = torch.load("m.pt", weights_only=True)\n';
  const tree = (await testParser()).parse(text)!;
  const findings = checkDocument(text, path.join(dir, 'train.py'), () => tree, { trusted: true }).findings.filter((f) => f.code === 'MLH110');
  tree.delete();
  const at = (line: number) => findings.find((f) => text.slice(0, f.start).split('\n').length === line);
  return { facts, omitted: at(2), explicit: at(3) };
}

describe('version awareness: each manifest format', () => {
  it('requirements.txt with torch >= 2.6: an omitted weights_only is Information, naming the file and version', async () => {
    const { omitted, explicit } = await project({ 'requirements-train.txt': 'torch>=2.6,<3\n' });
    assert.equal(omitted?.severity, 'information');
    assert.match(omitted!.message, /torch >=2\.6,<3 \(requirements-train\.txt\)/);
    assert.equal(explicit, undefined);
  });

  it('timm and open_clip_torch (either spelling) are read for MLH203', async () => {
    const { facts } = await project({ 'requirements.txt': 'timm==1.0.8\nopen_clip_torch<2.27\n' });
    assert.deepEqual(facts.packages.get('timm'), { min: '1.0.8', max: '1.0.8', source: 'requirements.txt' });
    assert.equal(facts.packages.get('open-clip-torch')?.below, '2.27');
  });

  it('pyproject.toml, PEP 621 and Poetry tables', async () => {
    const pep = await project({ 'pyproject.toml': '[project]\ndependencies = ["torch==2.4.0"]\n' });
    assert.ok(provablyAtMost(pep.facts, 'torch', '2.5.1'));
    assert.equal(pep.explicit?.severity, 'warning');
    assert.match(pep.explicit!.message, /CVE-2025-32434.*torch 2\.4\.0 \(pyproject\.toml\)|torch 2\.4\.0 \(pyproject\.toml\).*CVE-2025-32434/);
    const poetry = await project({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\ntorch = { version = "^2.7", source = "pytorch" }\n' });
    assert.ok(provablyAtLeast(poetry.facts, 'torch', '2.6'));
    assert.equal(poetry.omitted?.severity, 'information');
  });

  it('uv.lock and poetry.lock pin the installed version and win over looser constraints', async () => {
    const uv = await project({ 'requirements.txt': 'torch>=2.0\n', 'uv.lock': 'version = 1\n\n[[package]]\nname = "torch"\nversion = "2.5.1"\nsource = { registry = "https://pypi.org/simple" }\n' });
    assert.equal(uv.facts.packages.get('torch')?.source, 'uv.lock');
    assert.equal(uv.explicit?.severity, 'warning');
    assert.match(uv.explicit!.message, /torch 2\.5\.1 \(uv\.lock\)/);
    const poetry = await project({ 'pyproject.toml': '[tool.poetry.dependencies]\ntorch = "^2.0"\n', 'poetry.lock': '[[package]]\nname = "torch"\nversion = "2.7.1"\ndescription = "Tensors"\n' });
    assert.equal(poetry.facts.packages.get('torch')?.min, '2.7.1');
    assert.equal(poetry.omitted?.severity, 'information');
    assert.match(poetry.omitted!.message, /torch 2\.7\.1 \(poetry\.lock\)/);
  });

  it('environment.yml: conda "=" is a version prefix, "==" exact, pip entries read too', async () => {
    const prefix = await project({ 'environment.yml': 'name: train\ndependencies:\n  - python=3.11\n  - pytorch=2.5\n' });
    assert.ok(!provablyAtLeast(prefix.facts, 'torch', '2.6'));
    assert.equal(prefix.omitted?.severity, 'warning');
    const exact = await project({ 'environment.yml': 'dependencies:\n  - pytorch==2.5.1\n' });
    assert.ok(provablyAtMost(exact.facts, 'torch', '2.5.1'));
    assert.match(exact.explicit!.message, /torch 2\.5\.1 \(environment\.yml\)/);
    const pip = await project({ 'environment.yaml': 'dependencies:\n  - pip\n  - pip:\n    - torch>=2.6\n' });
    assert.ok(provablyAtLeast(pip.facts, 'torch', '2.6'));
    assert.equal(pip.omitted?.severity, 'information');
  });

  it('no manifest: the torch < 2.6 default is assumed (Warning), and weights_only=True is clean', async () => {
    const none = await project({});
    assert.equal(none.omitted?.severity, 'warning');
    assert.equal(none.explicit, undefined);
  });
});
