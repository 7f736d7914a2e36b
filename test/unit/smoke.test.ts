import { expectFindings } from '../helpers/expectFindings';

describe('smoke', () => {
  it('flags torch.load', async () => {
    await expectFindings(`import torch
x = torch.load(p)
#   ^^^^^^^^^^ MLH110 warning
y = torch.load(p, weights_only=True)
`);
  });
});
