import { strict as assert } from 'assert';

import { fingerprints } from '../../server/src/analysis/fingerprint';
import { findingsOf } from '../helpers/testParser';

async function printsOf(source: string): Promise<string[]> {
  const findings = await findingsOf(source);
  return fingerprints(findings).map((p, i) => `${findings[i].code} ${p}`);
}

const ORIGINAL = `import torch, pickle

def load(p, f):
    a = torch.load(p, map_location='cpu')
    b = pickle.load(f)
    return a, b
`;

describe('baseline fingerprints', () => {
  it('survive moved lines, comments, reformatting and edits to other statements', async () => {
    const before = await printsOf(ORIGINAL);
    const after = await printsOf(`"""A module docstring pushes everything down."""
import torch, pickle, json


def load(p, f):
    print("loading")  # an unrelated new statement
    a = torch.load(  # noqa: E501 -- a kept comment
        p,
        map_location="cpu",
    )
    b = pickle.load(f)
    return a, b
`);
    assert.deepEqual(after, before);
  });

  it('change when the flagged statement itself changes', async () => {
    const [torch] = await printsOf(ORIGINAL);
    const [edited] = await printsOf(ORIGINAL.replace("map_location='cpu'", "map_location='cuda'"));
    assert.notEqual(edited, torch);
  });

  it('tell identical statements apart by occurrence, and rules on one statement by code', async () => {
    const prints = await printsOf('import torch, pickle\nx = torch.load(p)\nx = torch.load(p)\ny = pickle.loads(torch.load(p))\n');
    assert.equal(new Set(prints).size, 4);
    assert.match(prints[0], /^MLH110 [0-9a-f]{16}:0$/);
    assert.match(prints[1], /^MLH110 [0-9a-f]{16}:1$/);
    assert.equal(prints[0].split(':')[0], prints[1].split(':')[0]);
  });

  it('read a statement holding thousands of findings once', async () => {
    const source = `import torch\nx = [\n${'    torch.load(p),\n'.repeat(3000)}]\n`;
    const findings = await findingsOf(source);
    assert.equal(findings.length, 3000);
    assert.equal(new Set(findings.map((f) => f.context)).size, 1);
    assert.equal(new Set(fingerprints(findings)).size, 3000);
  });
});
