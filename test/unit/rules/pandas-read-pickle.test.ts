import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH106 pandas-read-pickle', () => {
  it('flags read_pickle through every import spelling', async () => {
    await expectFindings(`import pandas as pd
import pandas
from pandas import read_pickle as rp
from pandas import *
a = pd.read_pickle("frame.pkl")
#   ^^^^^^^^^^^^^^ MLH106 warning
b = pandas.read_pickle(p, compression="gzip")
#   ^^^^^^^^^^^^^^^^^^ MLH106 warning
c = rp(p)
#   ^^ MLH106 warning
d = read_pickle(p)
#   ^^^^^^^^^^^ MLH106 warning
`);
  });

  it('a URL, constant or f-string, is an Error', async () => {
    await expectFindings(`import pandas as pd
URL = "https://example.com/frame.pkl"
a = pd.read_pickle(URL)
#   ^^^^^^^^^^^^^^ MLH106 error
b = pd.read_pickle(f"s3://{bucket}/frame.pkl")
#   ^^^^^^^^^^^^^^ MLH106 error
`);
  });

  it('does not flag to_pickle, read_parquet or a DataFrame method', async () => {
    await expectFindings(`import pandas as pd
df.to_pickle("frame.pkl")
a = pd.read_parquet(p)
b = df.read_pickle(p)

def f(pd):
    return pd.read_pickle(p)
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import pandas as pd\ndf = pd.read_pickle(p)\n', { code: 'MLH106', fix: 'noqa', expected: 'import pandas as pd\ndf = pd.read_pickle(p)  # noqa: MLH106\n' });
  });
});
