import { strict as assert } from 'assert';

import { classifyGlobal, classifyImport, mapPython2 } from '../../../server/src/artifacts/policy';

const level = (mod: string, name: string) => classifyGlobal(mod, name).level;

describe('model-file policy (globals_policy.json, artifacts.md §2.3)', () => {
  it('puts code execution on the critical tier and files and the network on the high one', () => {
    assert.equal(level('os', 'system'), 'critical');
    assert.equal(level('builtins', 'getattr'), 'critical');
    assert.equal(level('pkgutil', 'resolve_name'), 'critical');
    assert.equal(level('socket', 'create_connection'), 'high');
    assert.equal(level('functools', 'partial'), 'high');
  });

  it('allow-lists exact pairs only: uuid.UUID and OrderedDict are safe, their dotted extensions are not', () => {
    assert.equal(level('uuid', 'UUID'), 'safe');
    assert.equal(level('collections', 'OrderedDict'), 'safe');
    assert.equal(level('torch._utils', '_rebuild_tensor_v2'), 'safe');
    assert.equal(level('collections', 'OrderedDict.__init__.__globals__'), 'high');
    assert.equal(level('collections', 'OrderedDict.fromkeys'), 'medium');
  });

  it('treats anything on neither list as unknown (medium), never as safe', () => {
    assert.equal(level('sklearn.linear_model._logistic', 'LogisticRegression'), 'medium');
    assert.equal(level('__main__', 'Model'), 'medium');
  });

  it('checks dotted names component by component, and wildcards cover submodules', () => {
    assert.equal(level('pathlib', 'os.system'), 'critical');
    assert.equal(level('logging', 'os.system'), 'critical');
    assert.equal(level('asyncio.unix_events', '_UnixSubprocessTransport._start'), 'critical');
    assert.equal(level('pdb', 'Pdb.run'), 'critical');
  });

  it('maps Python 2 names below protocol 3 only, and the worse spelling decides', () => {
    assert.deepEqual(mapPython2('commands', 'getoutput'), ['subprocess', 'getoutput']);
    assert.deepEqual(mapPython2('__builtin__', 'reduce'), ['functools', 'reduce']);
    assert.equal(classifyImport('__builtin__', 'xrange', 2).verdict.level, 'safe');
    assert.equal(classifyImport('__builtin__', 'reduce', 2).verdict.level, 'critical');
    assert.equal(classifyImport('urllib2', 'urlopen', 0).verdict.level, 'high');
    assert.equal(classifyImport('__builtin__', 'reduce', 4).verdict.level, 'medium');
  });
});
