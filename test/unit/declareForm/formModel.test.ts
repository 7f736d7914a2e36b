import { strict as assert } from 'assert';
import { parse } from 'yaml';

import { changesFrom, emptyDraft, entryToDraft, knownOwners, previewYaml, requiredMarks, validateDraft } from '../../../client/src/declareForm/formModel';
import type { FormDraft } from '../../../client/src/declareForm/messages';
import { resolvePolicy } from '../../../server/src/catalog/policy';
import { catalogEntry } from '../../../server/src/catalog/schemaEntry';
import { editYaml } from '../../../server/src/catalog/yamlEdit';

function complete(over: Partial<FormDraft> = {}): FormDraft {
  return {
    ...emptyDraft({ id: 'churn-scorer', path: 'models/churn/*.safetensors', format: 'safetensors' }),
    title: 'Subscriber churn scorer',
    businessUse: 'Ranks subscribers by churn risk so retention can target offers weekly.',
    ownerBusiness: 'jane.doe@example.com',
    ownerTechnical: 'group:ds-retention',
    ...over,
  };
}

describe('the Declare model form model', () => {
  it('prefills an empty form from a save site: id, match path, known format only', () => {
    const d = emptyDraft({ id: 'demand', path: 'models/demand.pt', format: 'pytorch-pickle' });
    assert.equal(d.id, 'demand');
    assert.deepEqual(d.matchPaths, ['models/demand.pt']);
    assert.equal(d.format, 'pytorch-pickle');
    assert.equal(emptyDraft({ format: 'no-such-format' }).format, '');
    assert.equal(emptyDraft({ format: 'pytorch-pickle (pickle inside), by `torch.save`' }).format, 'pytorch-pickle', 'a described format keeps its name');
    const fromHub = emptyDraft({ id: 'x', match: { hfRepos: ['org/x'], names: ['model'] } });
    assert.deepEqual([fromHub.hfRepos, fromHub.names, fromHub.matchPaths], [['org/x'], ['model'], []]);
    assert.deepEqual(validateDraft({ ...complete(), matchPaths: [], names: ['churn_model'] }), {}, 'a name is a match signal too');
  });

  it('reports each invalid field next to it, with the catalog schema\'s messages', () => {
    const errors = validateDraft({ ...emptyDraft({ id: 'Bad Id' }), ownerBusiness: 'jane', environments: [] });
    assert.match(errors.id, /lowercase letters/);
    assert.match(errors.businessUse, /at least 10 characters/);
    assert.match(errors.ownerBusiness, /principal/);
    assert.match(errors.ownerTechnical, /principal/);
    assert.match(errors.environments, /at least one environment/);
    assert.match(errors.matchPaths, /at least one signal/);
  });

  it('points errors inside rows at the row\'s field, and refuses an id already in the catalog', () => {
    const errors = validateDraft(complete({
      environments: [{ tier: 'development', runtime: '', location: '' }, { tier: 'prod', runtime: '', location: '' }],
      trainingData: [{ id: '', uri: '', classification: 'secret', personalData: false }],
      hfRepos: ['not a repo'],
    }), ['churn-scorer']);
    assert.match(errors['environments.1.tier'], /"prod" is not a tier/);
    assert.ok(errors['trainingData.0.id']);
    assert.match(errors['trainingData.0.classification'], /"secret" is not a classification/);
    assert.match(errors.hfRepos, /org\/name/);
    assert.match(errors.id, /already has an entry "churn-scorer"/);
  });

  it('finds nothing to say about a complete draft', () => {
    assert.deepEqual(validateDraft(complete()), {});
  });

  it('marks the schema\'s fields, and what the policy requires for the criticality and the tiers', () => {
    const policy = resolvePolicy(undefined);
    const low = requiredMarks(complete({ criticality: 'low' }), policy);
    assert.ok(low.every((m) => m.because === 'schema' || m.field === 'matchPaths'), JSON.stringify(low));
    assert.ok(low.some((m) => m.field === 'ownerTechnical'));
    const high = requiredMarks(complete({ criticality: 'high', environments: [{ tier: 'production', runtime: '', location: '' }] }), policy);
    const limitations = high.find((m) => m.field === 'limitations');
    assert.ok(limitations, JSON.stringify(high));
    assert.match(limitations.because, /criticality high/);
    assert.match(limitations.because, /production tier/);
    assert.ok(high.some((m) => m.field === 'approval'), 'fields the form does not edit are listed too');
    assert.ok(high.some((m) => m.field === 'versions') && !high.some((m) => m.field.startsWith('versions.')), 'versions once, not each of its fields');
  });

  it('previews YAML that the schema accepts, with what was typed, and the format as a comment', () => {
    const text = previewYaml(complete({
      assumptions: ['Features refreshed daily', '', '  '],
      trainingData: [{ id: 'crm', uri: 's3://lake/crm/', classification: 'confidential', personalData: true }],
    }));
    const parsed = catalogEntry.parse(parse(text));
    assert.equal(parsed.id, 'churn-scorer');
    assert.deepEqual(parsed.assumptions, ['Features refreshed daily']);
    assert.equal(parsed.trainingData?.[0].personalData, true);
    assert.deepEqual(parsed.match.paths, ['models/churn/*.safetensors']);
    assert.match(text, /# The code saves it as safetensors\./);
    assert.doesNotMatch(text, /Fill in businessUse/, 'a complete entry is not told to fill in fields');
  });

  it('keeps markup from a title as plain text in the YAML', () => {
    const text = previewYaml(complete({ title: '<img src=x onerror=alert(1)>' }));
    assert.equal(parse(text).title, '<img src=x onerror=alert(1)>');
  });

  it('updates only the fields that changed, so the rest of the file stays as it was', () => {
    const source = '# reviewed\n' + previewYaml(complete());
    const original = catalogEntry.parse(parse(source));
    const draft = entryToDraft(original);
    assert.deepEqual(changesFrom(original, draft), []);
    draft.ownerTechnical = 'group:ml-platform';
    draft.limitations = ['Not validated for B2B accounts'];
    const changes = changesFrom(original, draft);
    assert.deepEqual(changes.map((c) => c.path.join('.')), ['limitations', 'owners.technical']);
    const { text } = editYaml(source, changes);
    assert.ok(text.startsWith('# reviewed\n'), 'comments are kept');
    const after = catalogEntry.parse(parse(text));
    assert.equal(after.owners.technical, 'group:ml-platform');
    assert.deepEqual(after.limitations, ['Not validated for B2B accounts']);
  });

  it('offers each owner of the catalog once, for completion', () => {
    const owners = knownOwners([
      { owners: { business: 'b@example.com', technical: 'group:x' } },
      { owners: { business: 'a@example.com', technical: 'group:x' } },
    ]);
    assert.deepEqual(owners, ['a@example.com', 'b@example.com', 'group:x']);
  });
});
