import { strict as assert } from 'assert';

import { ParsedDocument } from '../../server/src/analysis/parser';
import { testParser } from '../helpers/testParser';

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

const SOURCE = `import torch
import numpy as np


def load(path):
    """Loads a checkpoint — safely, one day."""
    state = torch.load(path, map_location="cpu")
    arr = np.load(path + ".npy", allow_pickle=True)
    return state, arr
`;

describe('incremental parsing', () => {
  it('gives the same tree as a fresh parse after many random edits', async () => {
    const parser = await testParser();
    const doc = new ParsedDocument(parser, SOURCE);
    const next = random(42);
    const pieces = ['torch.load(p)', '\n', '(', ')', 'é', '"', '  ', 'def f():\n    pass\n', ''];
    let text = SOURCE;
    try {
      for (let i = 0; i < 300; i++) {
        const at = Math.floor(next() * text.length);
        const del = Math.floor(next() * 4);
        const insert = pieces[Math.floor(next() * pieces.length)];
        text = text.slice(0, at) + insert + text.slice(at + del);
        doc.update(text);
        const fresh = parser.parse(text);
        assert.ok(fresh);
        assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString(), `edit ${i} at ${at}`);
        assert.equal(doc.tree.rootNode.endIndex, text.length);
        fresh.delete();
      }
    } finally {
      doc.dispose();
    }
  });
});
