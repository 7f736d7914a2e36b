import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH114 torch-distributed-object', () => {
  describe('flags', () => {
    it('the five object collectives, through aliases, from-imports and the c10d module', async () => {
      const { findings } = await expectFindings(`import torch
import torch.distributed as dist
from torch.distributed import all_gather_object as ago
from torch.distributed.distributed_c10d import recv_object_list
a = torch.distributed.broadcast_object_list(objs, src=0)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH114 warning
b = dist.all_gather_object(out, obj)
#   ^^^^^^^^^^^^^^^^^^^^^^ MLH114 warning
c = dist.gather_object(obj, out, dst=0)
#   ^^^^^^^^^^^^^^^^^^ MLH114 warning
d = dist.scatter_object_list(out, objs, src=0)
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH114 warning
e = ago(out, obj)
#   ^^^ MLH114 warning
f = recv_object_list(objs, src=1)
#   ^^^^^^^^^^^^^^^^ MLH114 warning
`);
      assert.match(findings[1].message, /^`dist\.all_gather_object` unpickles the objects other ranks send.*CWE-502/);
    });

    it('a star import and a module held in a variable', async () => {
      await expectFindings(`from torch.distributed import *
a = broadcast_object_list(objs, src=0)
#   ^^^^^^^^^^^^^^^^^^^^^ MLH114 warning
`);
      await expectFindings(`import torch
d = torch.distributed
a = d.gather_object(obj, out)
#   ^^^^^^^^^^^^^^^ MLH114 warning
`);
    });
  });

  describe('does not flag', () => {
    it('tensor collectives, sending objects, shadowing', async () => {
      await expectFindings(`import torch.distributed as dist
dist.broadcast(t, src=0)
dist.all_gather(out, t)
dist.send_object_list(objs, dst=1)

def f(dist):
    return dist.all_gather_object(out, obj)
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH114 on the line or above, a bare # nosec', async () => {
      await expectFindings(`import torch.distributed as dist
a = dist.all_gather_object(out, obj)  # noqa: MLH114
# noqa: MLH114
b = dist.broadcast_object_list(objs)
c = dist.gather_object(obj)  # nosec
d = dist.gather_object(obj)  # noqa: S301
#   ^^^^^^^^^^^^^^^^^^ MLH114 warning
`);
    });

    it('offers only the noqa fix', async () => {
      assert.deepEqual(await fixTitles('import torch.distributed as dist\ndist.gather_object(o)\n', 'MLH114'), [['Suppress MLH114 on this line (# noqa: MLH114)']]);
      await expectFix('import torch.distributed as dist\ndist.gather_object(o)\n', { code: 'MLH114', fix: 'noqa', expected: 'import torch.distributed as dist\ndist.gather_object(o)  # noqa: MLH114\n' });
    });
  });
});
