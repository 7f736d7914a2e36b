import { strict as assert } from 'assert';

import { parseCommandLine, wordPattern, wordText } from '../../../server/src/analysis/shell/words';

/** Each simple command as its words' patterns (unknown parts as `*`). */
function commands(line: string): string[][] {
  return parseCommandLine(line).map((c) => c.words.map(wordPattern));
}

describe('shell words', () => {
  it('splits at ;, &&, ||, |, &, parentheses and newlines', () => {
    assert.deepEqual(commands('a 1; b 2 && c || d | e & f\n(g) h'), [['a', '1'], ['b', '2'], ['c'], ['d'], ['e'], ['f'], ['g'], ['h']]);
  });

  it('removes quotes and reads escapes as the shell does', () => {
    assert.deepEqual(commands(`wget "https://h/a b.pt" 'x "y"' \\$HOME a\\ b "q\\"r" $'s'`), [['wget', 'https://h/a b.pt', 'x "y"', '$HOME', 'a b', 'q"r', 's']]);
  });

  it('joins lines ended by a backslash, outside and inside double quotes', () => {
    assert.deepEqual(commands('wget \\\n  -O m.pt \\\r\n  "https://h/\\\nm.pt"'), [['wget', '-O', 'm.pt', 'https://h/m.pt']]);
  });

  it('reads $VAR, ${VAR}, $(cmd), backquotes and IPython {expr} as unknown parts', () => {
    assert.deepEqual(commands('wget $URL "${BASE}/m.pt" $(cat u.txt) `x` {out}/model.bin "{a}" \'$LIT\''), [['wget', '*', '*/m.pt', '*', '*', '*/model.bin', '*', '$LIT']]);
    const [cmd] = parseCommandLine('wget $URL ${B}');
    assert.deepEqual(cmd.words[1].parts, [{ text: '$URL', name: 'URL' }]);
    assert.deepEqual(cmd.words[2].parts, [{ text: '${B}', name: 'B' }]);
    assert.equal(wordText(cmd.words[1]), undefined);
  });

  it('keeps a group brace and a JSON body as text', () => {
    assert.deepEqual(commands(`{ wget x; } ; curl -d '{"a": 1}' u`), [['{', 'wget', 'x'], ['}'], ['curl', '-d', '{"a": 1}', 'u']]);
  });

  it('records redirections with their descriptor and target, apart from the words', () => {
    const [cmd] = parseCommandLine('curl https://h/m.pt > m.pt 2>/dev/null');
    assert.deepEqual(cmd.words.map(wordPattern), ['curl', 'https://h/m.pt']);
    assert.deepEqual(cmd.redirects.map((r) => [r.op, r.fd, wordPattern(r.target)]), [['>', undefined, 'm.pt'], ['>', 2, '/dev/null']]);
    assert.deepEqual(commands('a 2>&1 | b &> log'), [['a'], ['b']]);
  });

  it('skips comments and here-document bodies', () => {
    assert.deepEqual(commands('# wget https://h/m.pt\ncat <<EOF > f\nwget https://h/m.pt\nEOF\nls # x'), [['cat'], ['ls']]);
  });

  it('gives each word its range in the text, quotes included', () => {
    const line = `wget -O 'm.pt' "https://h/m.pt"`;
    const words = parseCommandLine(line)[0].words;
    assert.deepEqual(words.map((w) => line.slice(w.start, w.end)), ['wget', '-O', `'m.pt'`, '"https://h/m.pt"']);
  });

  it('never throws on unterminated quotes, substitutions or odd input', () => {
    for (const line of ['wget "https://h/m.pt', "a 'b", 'a $(b', 'a ${', 'a `b', '\\', '$', '{', '>', '2>', '<<EOF', 'a\u0000b', '']) {
      assert.doesNotThrow(() => parseCommandLine(line), line);
    }
    assert.deepEqual(commands('wget "https://h/m.pt'), [['wget', 'https://h/m.pt']]);
  });
});
