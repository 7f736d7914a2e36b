import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { provablyAtLeast, provablyAtMost } from '../../server/src/analysis/project';
import { parseConstraint, readProjectFacts } from '../../server/src/config/dependencies';
import { configFor, parsePyproject } from '../../server/src/config/projectConfig';
import { isExcluded, selectRules } from '../../server/src/config/ruleSelection';
import { allRules } from '../../server/src/rules';

const codes = (file: string, text: string, overrides = {}) =>
  selectRules(allRules, parsePyproject('/p/pyproject.toml', text), file, overrides).rules.map((r) => r.code);

describe('[tool.ml-hygiene] configuration', () => {
  it('selects by code and prefix, ignores, and applies per-file ignores relative to the pyproject', () => {
    assert.equal(codes('/p/a.py', '').length, allRules.length);
    assert.deepEqual(codes('/p/a.py', '[tool.ml-hygiene]\nselect = ["MLH11"]\n'), ['MLH110', 'MLH111', 'MLH112', 'MLH113', 'MLH114', 'MLH115', 'MLH116', 'MLH117', 'MLH118']);
    assert.ok(!codes('/p/a.py', '[tool.ml-hygiene]\nignore = ["MLH105"]\n').includes('MLH105'));
    const perFile = '[tool.ml-hygiene]\n[tool.ml-hygiene.per-file-ignores]\n"tests/**" = ["MLH1"]\n"legacy.py" = ["MLH101"]\n';
    const inTests = codes('/p/tests/unit/test_x.py', perFile);
    assert.ok(inTests.includes('MLH201') && inTests.every((c) => !c.startsWith('MLH1')), inTests.join());
    assert.ok(!codes('/p/src/legacy.py', perFile).includes('MLH101'));
    assert.ok(codes('/p/src/model.py', perFile).includes('MLH101'));
  });

  it('reports each invalid field at its line, keeps the valid ones, and never throws', () => {
    const text = '[project]\nname = "x"\n\n[tool.ml-hygiene]\nselect = "MLH1"\nignore = ["MLH105"]\nseverity = { MLH110 = "fatal" }\ncolour = true\n';
    const config = parsePyproject('/p/pyproject.toml', text);
    assert.deepEqual(config.settings, { ignore: ['MLH105'] });
    assert.deepEqual(config.problems.map((p) => p.line), [4, 6, 7]);
    assert.match(config.problems[0].message, /Invalid value for "select"/);
    assert.match(config.problems[1].message, /severity.*MLH110/);
    assert.match(config.problems[2].message, /Unknown key "colour"/);
    const broken = parsePyproject('/p/pyproject.toml', '[tool.ml-hygiene\nselect = [');
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0].message, /not valid TOML/);
  });

  it('finds the nearest pyproject.toml with a [tool.ml-hygiene] table, walking up', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-cfg-'));
    fs.mkdirSync(path.join(dir, 'pkg/sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ml-hygiene]\nignore = ["MLH101"]\nexclude = ["vendor"]\n');
    fs.writeFileSync(path.join(dir, 'pkg/pyproject.toml'), '[project]\nname = "pkg"\n');
    const config = configFor(path.join(dir, 'pkg/sub/a.py'));
    assert.equal(config.file, path.join(dir, 'pyproject.toml'));
    assert.ok(isExcluded(config, path.join(dir, 'vendor/lib/x.py')));
    assert.ok(!isExcluded(config, path.join(dir, 'pkg/sub/a.py')));
  });

  it('reads dependency versions from requirements, pyproject and lock files (locks win)', () => {
    assert.deepEqual(parseConstraint('>=2.6,<3', 'r'), { source: 'r', min: '2.6', below: '3' });
    assert.deepEqual(parseConstraint('==2.5.1', 'r'), { source: 'r', min: '2.5.1', max: '2.5.1' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-deps-'));
    fs.writeFileSync(path.join(dir, 'requirements.txt'), '# pinned\ntorch>=2.6 ; python_version > "3.9"\nnumpy\n');
    assert.ok(provablyAtLeast(readProjectFacts(dir), 'torch', '2.6'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\ndependencies = ["torch>=2.0"]\n');
    assert.ok(provablyAtLeast(readProjectFacts(dir), 'torch', '2.6'), 'constraints from several files intersect');
    assert.equal(readProjectFacts(dir).packages.get('torch')?.source, 'requirements.txt and pyproject.toml');
    fs.writeFileSync(path.join(dir, 'uv.lock'), '[[package]]\nname = "torch"\nversion = "2.5.1"\n');
    const facts = readProjectFacts(dir);
    assert.ok(!provablyAtLeast(facts, 'torch', '2.6'));
    assert.ok(provablyAtMost(facts, 'torch', '2.5.1'));
    assert.equal(facts.packages.get('torch')?.source, 'uv.lock');
  });
});
