import { strict as assert } from 'assert';

import { readEntry } from '../../../server/src/catalog/readEntry';
import { readPolicy } from '../../../server/src/catalog/readPolicy';
import { editYaml, YamlEditError } from '../../../server/src/catalog/yamlEdit';
import { CHURN_SCORER } from '../../helpers/catalogFixtures';

const ENTRY = '/c/.mlcatalog/models/churn-scorer.yaml';
const POLICY = '/c/.mlcatalog/policy.yaml';

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const LOL = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');

describe('catalog reading and writing on hostile input', () => {
  it('reports expanding aliases, unknown anchors, tags, deep nesting and huge files as problems, and keeps working after them', () => {
    const cases: Array<[string, RegExp]> = [
      [LOL, /YAML: Excessive alias count/],
      ['id: *nope\n', /YAML: Unresolved alias/],
      ['['.repeat(5000), /nested more than 100 levels deep/],
      ['{a: '.repeat(300), /nested more than 100 levels deep/],
      [Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n'), /indented more than 200 spaces/],
      [`id: "${'x'.repeat(1_100_000)}"\n`, /a catalog file is expected to be far smaller/],
      ['id: !!binary AAAA\n', /^(id: Invalid input: expected string|schema: expected)/],
      ['id: !python/object:os.system x\n', /^schema: expected "mlcatalog(-policy)?\/v1"/],
    ];
    for (const [text, expected] of cases) {
      for (const problems of [readEntry(ENTRY, text).problems, readPolicy(POLICY, text).problems]) {
        assert.ok(problems.some((p) => expected.test(p.message)), `${expected} in ${problems.map((p) => p.message).join(' | ')}`);
      }
    }
    assert.equal(readEntry(ENTRY, CHURN_SCORER).valid, true);
  });

  it('never throws on 200 mutations of a valid entry, and never edits a broken file', () => {
    const random = prng(7);
    const alphabet = ['\n', ' ', ':', '-', '[', ']', '{', '}', '"', "'", '#', '&a', '*a', '!!str', '|', '>', '\t', 'x', '3', '\u0000'];
    for (let n = 0; n < 200; n++) {
      let text = CHURN_SCORER;
      for (let k = 0; k < 1 + Math.floor(random() * 6); k++) {
        const at = Math.floor(random() * text.length);
        const cut = Math.floor(random() * 8);
        text = text.slice(0, at) + (random() < 0.6 ? alphabet[Math.floor(random() * alphabet.length)] : '') + text.slice(at + cut);
      }
      const record = readEntry(ENTRY, text);
      assert.ok(record.valid || record.problems.length > 0, `case ${n}: an invalid entry says why`);
      readPolicy(POLICY, text);
      try {
        const { edits } = editYaml(text, [{ path: ['lifecycle'], value: 'retired' }, { path: ['match', 'paths', 0] }]);
        assert.ok(edits.length <= 1);
      } catch (err) {
        assert.ok(err instanceof YamlEditError, `case ${n}: ${(err as Error).stack}`);
      }
    }
  });
});
