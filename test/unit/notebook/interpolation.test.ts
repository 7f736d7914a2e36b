import { strict as assert } from 'assert';

import { expandCommand } from '../../../server/src/analysis/notebook/interpolation';

const known: Record<string, string> = { MODEL_URL: 'https://host/model.bin', out: 'weights', n: '3' };
const resolve = (name: string) => known[name];

describe('IPython interpolation in ! lines', () => {
  it('substitutes known {name} and $name, and leaves unknown ones as written', () => {
    const e = expandCommand('wget {MODEL_URL} -O {out}/model.bin --tries=$n $HOME/{other}', resolve);
    assert.equal(e.text, 'wget https://host/model.bin -O weights/model.bin --tries=3 $HOME/{other}');
  });

  it('keeps {{, }}, $$ and $ inside single quotes literal', () => {
    assert.equal(expandCommand("echo {{out}} $$out '$out' \"$out\"", resolve).text, "echo {{out}} $$out '$out' \"weights\"");
  });

  it('maps offsets of the expanded text back to the command as written', () => {
    const command = 'wget {MODEL_URL} -O {out}/model.bin';
    const e = expandCommand(command, resolve);
    const url = e.text.indexOf('https://');
    assert.equal(e.original(url), command.indexOf('{MODEL_URL}'));
    assert.equal(e.original(url + known.MODEL_URL.length, true), command.indexOf(' -O'));
    assert.equal(e.original(e.text.lastIndexOf('/model.bin')), command.lastIndexOf('/model.bin'));
    assert.equal(e.original(e.text.length, true), command.length);
    assert.equal(e.original(0), 0);
  });
});
