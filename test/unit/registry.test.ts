import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { allRuleMeta, allRules } from '../../server/src/rules';

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('rule registry', () => {
  it('has unique codes and names, in the MLH family ranges', () => {
    assert.equal(new Set(allRuleMeta.map((r) => r.code)).size, allRuleMeta.length);
    assert.equal(new Set(allRuleMeta.map((r) => r.name)).size, allRuleMeta.length);
    const families: Record<string, string> = { '0': 'configuration', '1': 'deserialization', '2': 'download', '3': 'save', '4': 'artifact' };
    for (const r of allRuleMeta) {
      assert.match(r.code, /^MLH\d{3}$/);
      assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.equal(r.family, families[r.code[3]], `${r.code} is in the ${families[r.code[3]]} family`);
    }
  });

  for (const rule of allRuleMeta) {
    it(`${rule.code} ${rule.name} has its file, docs page, README row${'calls' in rule ? ' and tests' : ''}`, () => {
      assert.ok(fs.existsSync(path.join(ROOT, 'server/src/rules', `${rule.name}.ts`)), 'rule file named after the rule');
      const docs = fs.readFileSync(path.join(ROOT, 'docs/rules', `${rule.code}.md`), 'utf8');
      assert.ok(docs.startsWith(`# ${rule.code} ${rule.name}\n`), 'docs title');
      for (const section of ['## What it does', '## Why is this bad?', '## Example', '## How to fix']) assert.ok(docs.includes(section), section);
      assert.match(readme, new RegExp(`^\\| ${rule.code} \\| ${rule.name} \\|`, 'm'), 'README rule table row');
      if (allRules.some((r) => r.code === rule.code)) {
        assert.ok(fs.existsSync(path.join(ROOT, 'test/unit/rules', `${rule.name}.test.ts`)), 'rule tests');
      }
    });
  }

  it('lists no docs page without a rule', () => {
    const pages = fs.readdirSync(path.join(ROOT, 'docs/rules')).map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual(pages.sort(), allRuleMeta.map((r) => r.code).sort());
  });
});
