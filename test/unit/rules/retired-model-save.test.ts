import { strict as assert } from 'assert';

import { retiredModelSave } from '../../../server/src/rules/retired-model-save';
import { expectFindings } from '../../helpers/expectFindings';
import { catalogOf, entry } from '../../helpers/saves';

const rules = [retiredModelSave];
const SOURCE = `import torch
def f():
    torch.save(sd, "models/old/m.pt")
#   ^^^^^^^^^^ MLH303 warning
`;

describe('MLH303 retired-model-save', () => {
  it('flags a save of a deprecated or retired model, and says what to do', async () => {
    for (const lifecycle of ['deprecated', 'retired']) {
      const { findings } = await expectFindings(SOURCE, { rules, catalog: catalogOf([entry('old', { lifecycle, match: { paths: ['models/old/*'] } })]) });
      assert.match(findings[0].message, new RegExp(`saves \`old\`, whose catalog entry is ${lifecycle} \\(\\.mlcatalog/models/old\\.yaml\\)`));
    }
  });

  it('does not flag active or proposed models, nor an invalid entry', async () => {
    for (const over of [{ lifecycle: 'active' }, { lifecycle: 'proposed' }, { lifecycle: 'retired', businessUse: '' }]) {
      await expectFindings('import torch\ntorch.save(sd, "models/old/m.pt")\n', { rules, catalog: catalogOf([entry('old', { ...over, match: { paths: ['models/old/*'] } })]) });
    }
  });

  it('is silenced by # noqa: MLH303, not by # nosec', async () => {
    const catalog = catalogOf([entry('old', { lifecycle: 'retired', match: { paths: ['models/old/*'] } })]);
    await expectFindings('import torch\ntorch.save(sd, "models/old/m.pt")  # noqa: MLH303\n', { rules, catalog });
    await expectFindings('import torch\ndef f():\n    torch.save(sd, "models/old/m.pt")  # nosec\n#   ^^^^^^^^^^ MLH303\n', { rules, catalog });
  });
});
