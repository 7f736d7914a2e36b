import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH107 shelve-open', () => {
  it('flags shelve.open and the Shelf classes', async () => {
    await expectFindings(`import shelve
from shelve import open as sopen
a = shelve.open("cache.db")
#   ^^^^^^^^^^^ MLH107 warning
b = shelve.open("cache.db", flag="r")
#   ^^^^^^^^^^^ MLH107 warning
c = sopen(path, "c")
#   ^^^^^ MLH107 warning
d = shelve.DbfilenameShelf("cache.db")
#   ^^^^^^^^^^^^^^^^^^^^^^ MLH107 warning
e = shelve.Shelf(store)
#   ^^^^^^^^^^^^ MLH107 warning
with shelve.open(path) as db:
    #^^^^^^^^^^^ MLH107 warning
    x = db["k"]
`);
  });

  it('does not flag flag="n" (a new, empty shelf), builtin open or a parameter', async () => {
    await expectFindings(`import shelve
NEW = "n"
a = shelve.open("cache.db", "n")
b = shelve.open("cache.db", flag=NEW)
c = open("cache.db")

def f(shelve):
    return shelve.open(p)
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import shelve\ndb = shelve.open(p)\n', { code: 'MLH107', fix: 'noqa', expected: 'import shelve\ndb = shelve.open(p)  # noqa: MLH107\n' });
  });
});
