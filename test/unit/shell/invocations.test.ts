import { strict as assert } from 'assert';

import { invocationOf } from '../../../server/src/analysis/shell/invocations';
import { parseCommandLine, wordPattern } from '../../../server/src/analysis/shell/words';

/** The program and arguments each simple command of a line runs. */
function runs(line: string): Array<string[] | undefined> {
  return parseCommandLine(line).map((c) => {
    const inv = invocationOf(c);
    return inv && [inv.program, ...inv.args.map(wordPattern)];
  });
}

describe('shell invocations', () => {
  it('drops leading assignments, and reports an assignment-only command as none', () => {
    assert.deepEqual(runs('HF_HUB_ENABLE_HF_TRANSFER=1 A=b hf download x; URL=https://h/m.pt'), [['hf', 'download', 'x'], undefined]);
  });

  it('looks through sudo, env, nohup, time, timeout, nice, exec and command with their options', () => {
    assert.deepEqual(runs('sudo -u svc -E env -u X A=1 nohup nice -n 5 timeout -s KILL 60 /usr/bin/wget -q u'), [['wget', '-q', 'u']]);
    assert.deepEqual(runs('time exec command wget u'), [['wget', 'u']]);
    assert.deepEqual(runs('sudo -- curl u'), [['curl', 'u']]);
  });

  it('names a program by its base name, without .exe', () => {
    assert.deepEqual(runs("'C:\\tools\\wget.exe' u; ./bin/curl u"), [['wget', 'u'], ['curl', 'u']]);
  });

  it('reads python -m forms of the Hub CLIs and other modules', () => {
    assert.deepEqual(runs('python -m huggingface_hub.commands.huggingface_cli download org/m'), [['huggingface-cli', 'download', 'org/m']]);
    assert.deepEqual(runs('python3.11 -u -m huggingface_hub.cli.hf download org/m'), [['hf', 'download', 'org/m']]);
    assert.deepEqual(runs('python -m wget -o m.pt u'), [['python -m wget', '-o', 'm.pt', 'u']]);
    assert.deepEqual(runs('python -m pip download x; python train.py'), [['python -m pip', 'download', 'x'], ['python', 'train.py']]);
  });

  it('looks through uv run, poetry run and conda run', () => {
    assert.deepEqual(runs('uv run --with huggingface_hub hf download org/m; conda run -n env wget u'), [['hf', 'download', 'org/m'], ['wget', 'u']]);
  });
});
