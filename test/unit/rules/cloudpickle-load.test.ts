import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH103 cloudpickle-load', () => {
  it('flags cloudpickle load and loads through every import spelling', async () => {
    await expectFindings(`import cloudpickle
import cloudpickle as cp
from cloudpickle import loads
from cloudpickle.cloudpickle import load as cload
a = cloudpickle.load(f)
#   ^^^^^^^^^^^^^^^^ MLH103 warning
b = cp.loads(blob)
#   ^^^^^^^^ MLH103 warning
c = loads(blob)
#   ^^^^^ MLH103 warning
d = cload(f)
#   ^^^^^ MLH103 warning
e = getattr(cp, "loads")(blob)
#   ^^^^^^^^^^^^^^^^^^^^ MLH103 warning
`);
  });

  it('reports a reference as Information and remote bytes as an Error', async () => {
    await expectFindings(`import cloudpickle
import urllib.request
fns = [cloudpickle.loads(b) for b in blobs]
#      ^^^^^^^^^^^^^^^^^ MLH103 warning
decoders = {"cp": cloudpickle.loads}
#                 ^^^^^^^^^^^^^^^^^ MLH103 information
obj = cloudpickle.load(urllib.request.urlopen(url))
#     ^^^^^^^^^^^^^^^^ MLH103 error
`);
  });

  it('does not flag dumps, shadowing or type-only imports', async () => {
    await expectFindings(`import cloudpickle
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import cloudpickle as cp
blob = cloudpickle.dumps(fn)

def run(cloudpickle):
    return cloudpickle.loads(blob)

x = cp.loads(blob)
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import cloudpickle\nfn = cloudpickle.loads(blob)\n', { code: 'MLH103', fix: 'noqa', expected: 'import cloudpickle\nfn = cloudpickle.loads(blob)  # noqa: MLH103\n' });
  });
});
