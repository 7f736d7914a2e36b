import { strict as assert } from 'assert';

import { expectMigration, fixTitles } from '../../helpers/fixes';

async function migrationTitles(source: string): Promise<string[]> {
  return (await fixTitles(source, 'MLH110')).flat().filter((t) => t.startsWith('Migrate'));
}

describe('migration: torch state dicts → safetensors (MLH110)', () => {
  it('rewrites the load and the torch.save of the same path, after the preferred weights_only fix', async () => {
    const source = 'import torch\n\ntorch.save(model.state_dict(), "w.pt")\nmodel.load_state_dict(torch.load("w.pt"))\n';
    const titles = (await fixTitles(source, 'MLH110'))[0];
    assert.match(titles[0], /^Set `weights_only=True`/);
    assert.equal(titles[1], 'Migrate to safetensors: load with safetensors.torch.load_model (and save with safetensors.torch.save_model on line 3)');
    await expectMigration(source, {
      code: 'MLH110',
      title: 'Migrate to safetensors',
      expected: 'import torch\nimport safetensors.torch\n\nsafetensors.torch.save_model(model, "w.pt")\nsafetensors.torch.load_model(model, "w.pt")\n',
    });
  });

  it('matches the path by its folded value or its text; keeps strict=, map_location="cpu" becomes device=', async () => {
    await expectMigration('import torch as T\nCKPT = "w.pt"\nT.save(net.state_dict(), CKPT)\nmissing = net.load_state_dict(T.load("w.pt", map_location="cpu", weights_only=False), strict=False)\n', {
      code: 'MLH110',
      title: 'Migrate to safetensors',
      expected: 'import torch as T\nimport safetensors.torch\nCKPT = "w.pt"\nsafetensors.torch.save_model(net, CKPT)\nmissing = safetensors.torch.load_model(net, "w.pt", strict=False, device="cpu")\n',
    });
  });

  it('with no save of the path in the file, inserts a commented one-off conversion', async () => {
    await expectMigration('import torch\n\ndef load(model, path):\n    model.load_state_dict(torch.load(path))\n    return model\n', {
      code: 'MLH110',
      title: 'with a commented one-off conversion of existing checkpoints',
      expected: [
        'import torch\nimport safetensors.torch\n\ndef load(model, path):\n',
        '    # Checkpoints written before this change are pickles: convert each one once, after checking\n',
        '    # where it came from, with the old load (weights_only=True) and a safetensors save:\n',
        '    #   model.load_state_dict(torch.load(path, weights_only=True))\n',
        '    #   safetensors.torch.save_model(model, path)\n',
        '    safetensors.torch.load_model(model, path)\n    return model\n',
      ].join(''),
    });
  });

  it('is not offered for other shapes', async () => {
    // Not a state dict loaded into a model; a checkpoint dict indexed after loading.
    assert.deepEqual(await migrationTitles('import torch\nsd = torch.load("w.pt")\n'), []);
    assert.deepEqual(await migrationTitles('import torch\nmodel.load_state_dict(torch.load("c.pt")["model"])\n'), []);
    // A save of the same path that is not a bare state dict would keep writing pickles.
    assert.deepEqual(await migrationTitles('import torch\ntorch.save({"model": model.state_dict(), "opt": opt.state_dict()}, "c.pt")\nmodel.load_state_dict(torch.load("c.pt"))\n'), []);
    // Arguments load_model has no equivalent for; remote bytes.
    assert.deepEqual(await migrationTitles('import pickle, torch\nmodel.load_state_dict(torch.load("w.pt", pickle_module=pickle))\n'), []);
    assert.deepEqual(await migrationTitles('import torch\nmodel.load_state_dict(torch.load("w.pt", map_location=device))\n'), []);
    assert.deepEqual(await migrationTitles('import torch, requests\nmodel.load_state_dict(torch.load(io.BytesIO(requests.get(URL).content)))\n'), []);
  });

  it('a save of another path is left alone', async () => {
    assert.deepEqual(await migrationTitles('import torch\ntorch.save(model.state_dict(), "other.pt")\nmodel.load_state_dict(torch.load("w.pt"))\n'), [
      'Migrate to safetensors: load with safetensors.torch.load_model, with a commented one-off conversion of existing checkpoints',
    ]);
  });
});
