import { strict as assert } from 'assert';
import * as path from 'path';
import { parse } from 'yaml';

import { minimalEntry } from '../../helpers/catalogFixtures';
import { catalogFormat, newVersionChange } from '../../../server/src/catalog/newVersion';
import { catalogEntry } from '../../../server/src/catalog/schemaEntry';
import { editYaml } from '../../../server/src/catalog/yamlEdit';

const base = path.resolve('/repo');
const artifact = (file: string, scanFormat = 'pytorch-zip') => ({ file: path.join(base, file), base, scanFormat, sizeBytes: 42, digest: { alg: 'SHA-256' as const, content: 'ab'.repeat(32) } });

describe('recording a model file as a new catalog version (the MLH305 quick fix)', () => {
  it('names the format by content, and by name where content cannot tell', () => {
    assert.deepEqual(
      [['pytorch-zip', 'm.pt'], ['torchscript-zip', 'm.pt'], ['pickle', 'm.pth'], ['pickle', 'm.pkl'], ['pickle', 'clf.joblib'], ['zlib', 'clf.joblib'], ['hdf5', 'm.h5'], ['safetensors', 'm.bin'], ['npy', 'a.npy']].map(([f, n]) => catalogFormat(f, n)),
      ['pytorch-pickle', 'torchscript', 'pytorch-pickle', 'pickle', 'joblib', 'joblib', 'keras-h5', 'safetensors', 'other'],
    );
  });

  it('numbers the version after the highest, or the next free count, and leaves currentVersion alone', () => {
    const versions = (labels: string[]) => `schema: mlcatalog/v1\nid: m\ncurrentVersion: "${labels[0] ?? ''}"\nversions:\n${labels.map((l) => `  - version: "${l}"\n    createdAt: "2026-01-01T00:00:00Z"\n    changelog: Old one.\n    artifact: { format: other }\n`).join('')}`;
    assert.equal(newVersionChange(versions(['1', '3']), artifact('models/m.pt')).label, '4');
    assert.equal(newVersionChange(versions(['v1', 'v2']), artifact('models/m.pt')).label, '3');
    assert.equal(newVersionChange(versions(['v1', '3']), artifact('models/m.pt')).label, '4');
    const { change } = newVersionChange('schema: mlcatalog/v1\nid: m\n', artifact('models/m.pt'), new Date('2026-11-27T06:30:12.345Z'));
    assert.deepEqual(change, { path: ['versions'], value: [{ version: '1', createdAt: '2026-11-27T06:30:12Z', changelog: 'Recorded from models/m.pt, whose digest no version recorded: say what changed and why.', artifact: { uri: 'models/m.pt', format: 'pytorch-pickle', sizeBytes: 42, hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }] } }] });
    const edited = editYaml(versions(['1']), [newVersionChange(versions(['1']), artifact('models/m.pt')).change]).text;
    assert.match(edited, /currentVersion: "1"/);
  });

  it('keeps a valid entry valid', () => {
    const text = minimalEntry('m');
    const recorded = editYaml(text, [newVersionChange(text, artifact('models/m.pt')).change]).text;
    const result = catalogEntry.safeParse(parse(recorded));
    assert.ok(result.success, JSON.stringify(result.error?.issues));
  });
});
