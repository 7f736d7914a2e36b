import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '../../..');
const script = readFileSync(join(root, 'media/declareForm.js'), 'utf8');

describe('the Declare model webview script', () => {
  it('never writes markup: values go in as text (no innerHTML, outerHTML, insertAdjacentHTML or document.write)', () => {
    assert.doesNotMatch(script, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
  });

  it('adds no inline handlers and loads nothing remote', () => {
    assert.doesNotMatch(script, /setAttribute\(\s*['"`]on/i);
    assert.doesNotMatch(script, /\beval\(|new Function|https?:\/\//);
  });

  it('ships with the package (.vscodeignore keeps media/)', () => {
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m);
  });
});
