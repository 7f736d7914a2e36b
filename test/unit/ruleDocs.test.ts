import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';

import { allRules } from '../../server/src/rules';

const SECTIONS = ['What it does', 'Why is this bad?', 'Example', 'How to fix', 'Suppression', 'References'];

describe('rule pages (docs/rules)', () => {
  for (const rule of allRules.filter((r) => /^MLH[12]\d\d$/.test(r.code))) {
    it(`${rule.code} has a page with every section and the codes that silence it`, () => {
      const page = readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${rule.code}.md`), 'utf8');
      assert.equal(page.split('\n')[0], `# ${rule.code} ${rule.name}`);
      const headings = [...page.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      assert.deepEqual(headings, SECTIONS);
      assert.ok(page.includes(`# noqa: ${rule.code}`));
      for (const code of rule.nosec ?? []) assert.ok(page.includes(`# nosec ${code}`), `${rule.code} page names # nosec ${code}`);
      for (const code of rule.noqa ?? []) assert.ok(page.includes(`# noqa: ${code}`), `${rule.code} page names # noqa: ${code}`);
      assert.ok(page.includes(`CWE-${rule.cwe}`));
    });
  }
});
