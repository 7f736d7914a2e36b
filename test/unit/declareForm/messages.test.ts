import { strict as assert } from 'assert';

import { emptyDraft } from '../../../client/src/declareForm/formModel';
import { declareArgs, fromWebview, rejection } from '../../../client/src/declareForm/messages';

describe('the Declare model form messages', () => {
  const draft = emptyDraft({ id: 'x' });

  it('accepts what the page sends: ready, change, save, a probe result', () => {
    for (const m of [{ type: 'ready' }, { type: 'change', draft }, { type: 'save', draft }, { type: 'probeResult', probe: 'p1', text: 't', html: '<p>t</p>', tags: ['p'] }]) {
      assert.ok(fromWebview.safeParse(m).success, JSON.stringify(m));
    }
  });

  it('rejects unknown types, missing or extra fields, wrong types and oversized values, saying where', () => {
    const bad: unknown[] = [
      null,
      'save',
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'save' },
      { type: 'save', draft: { ...draft, id: 42 } },
      { type: 'save', draft: { ...draft, extra: 'x' } },
      { type: 'change', draft: { ...draft, trainingData: [{ id: 'a', uri: '', classification: 'public', personalData: 'yes' }] } },
      { type: 'change', draft: { ...draft, businessUse: 'x'.repeat(5000) } },
      { type: 'change', draft: { ...draft, assumptions: Array(500).fill('a') } },
      { type: 'ready', html: '<script>' },
    ];
    for (const m of bad) {
      const r = fromWebview.safeParse(m);
      assert.ok(!r.success, `accepted ${JSON.stringify(m)?.slice(0, 80)}`);
      assert.ok(rejection(r.error).length > 0);
    }
    const r = fromWebview.safeParse({ type: 'save', draft: { ...draft, id: 42 } });
    assert.match(rejection(r.error!), /^draft\.id: /);
  });

  it('takes the command argument to edit an entry or to declare a saved model', () => {
    assert.ok(declareArgs.safeParse({ entryId: 'churn', catalogDir: 'file:///w/.mlcatalog' }).success);
    assert.ok(declareArgs.safeParse({ path: 'models/m.pt', format: 'pytorch-pickle', suggestedId: 'm' }).success);
    assert.ok(declareArgs.safeParse({}).success);
    assert.ok(!declareArgs.safeParse({ entryId: 3 }).success);
    assert.ok(!declareArgs.safeParse({ path: 'a', evil: true }).success);
  });
});
