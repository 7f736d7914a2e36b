import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { parse } from 'yaml';

import { catalogEntry } from '../../../server/src/catalog/schemaEntry';
import type { FormDraft } from '../../../client/src/declareForm/messages';
import { closeAll, EXTENSION_ID, open, ours, until, workspaceFile } from './helpers';

interface Api {
  declareForm: {
    receive(message: unknown): Promise<{ ok: true; saved?: string } | { ok: false; reason: string }>;
    snapshot(): { draft: FormDraft; mode: 'create' | 'edit' | undefined; visible: boolean };
    probe(): Promise<{ text: string; html: string; tags: string[] }>;
    rejected: number;
  };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

/** The page's text once it shows `expected` (the page renders from the extension's messages). */
async function shown(form: Api['declareForm'], expected: string): Promise<{ text: string; html: string; tags: string[] }> {
  let last = { text: '', html: '', tags: [] as string[] };
  return until(`the form to show ${expected}`, async () => {
    last = await form.probe().catch(() => last);
    return last.text.includes(expected) && last;
  });
}

describe('the Declare model form in a real VS Code', () => {
  const created: vscode.Uri[] = [];
  afterEach(closeAll);
  after(() => {
    for (const uri of created) fs.rmSync(uri.fsPath, { force: true });
  });

  it('opens prefilled from a save site, validates as the page types, and saves a valid entry that opens', async () => {
    const { declareForm: form } = await api();
    await vscode.commands.executeCommand('mlHygiene.declareModel', { path: 'models/churn_v2.safetensors', format: 'safetensors', suggestedId: 'Churn Model' });
    await until('the form view', () => form.snapshot().visible);
    const page = await shown(form, 'Declare a model');
    assert.match(page.text, /New entry in \.mlcatalog\/models\/<id>\.yaml/);
    const draft = form.snapshot().draft;
    assert.equal(draft.id, 'churn-model');
    assert.deepEqual(draft.matchPaths, ['models/churn_v2.safetensors']);
    assert.equal(draft.format, 'safetensors');

    // What the page sends as a person types: an invalid owner first, shown next to its field.
    const typing: FormDraft = { ...draft, businessUse: 'Ranks subscribers by churn risk for weekly retention offers.', ownerBusiness: 'jane', ownerTechnical: 'group:forecasting', criticality: 'high', assumptions: ['Features refreshed daily'], limitations: ['Not validated for B2B accounts'] };
    assert.deepEqual(await form.receive({ type: 'change', draft: typing }), { ok: true });
    const invalid = await shown(form, 'expected a principal');
    assert.match(invalid.text, /required: criticality high/, 'the policy\'s fields for a high criticality are marked');
    assert.match(invalid.text, /businessUse: Ranks subscribers by churn risk/, 'the YAML preview follows the draft');
    const refused = await form.receive({ type: 'save', draft: typing });
    assert.equal(refused.ok, false, 'an invalid draft is not saved');
    assert.ok(!fs.existsSync(workspaceFile('.mlcatalog/models/churn-model.yaml').fsPath));

    const valid = { ...typing, ownerBusiness: 'retention-lead@retail-demo.example', trainingData: [{ id: 'crm-snapshot', uri: 's3://lake/crm/', classification: 'confidential', personalData: true }] };
    const saved = await form.receive({ type: 'save', draft: valid });
    assert.ok(saved.ok && saved.saved, JSON.stringify(saved));
    const uri = vscode.Uri.parse(saved.saved);
    created.push(uri);
    assert.equal(uri.toString(), workspaceFile('.mlcatalog/models/churn-model.yaml').toString());
    const entry = catalogEntry.parse(parse(fs.readFileSync(uri.fsPath, 'utf8')));
    assert.equal(entry.owners.business, 'retention-lead@retail-demo.example');
    assert.equal(entry.criticality, 'high');
    assert.deepEqual(entry.match.paths, ['models/churn_v2.safetensors']);
    assert.equal(entry.trainingData?.[0].personalData, true);
    await until('the new entry open in the editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString());
    await shown(form, 'Saved .mlcatalog/models/churn-model.yaml');
    assert.equal(form.snapshot().mode, 'edit', 'a second save updates the entry instead of declaring it twice');
  });

  it('renders a catalog title that holds markup as text, in the page\'s DOM', async () => {
    const { declareForm: form } = await api();
    const uri = workspaceFile('.mlcatalog/models/markup-title.yaml');
    created.push(uri);
    const title = '<img src=x onerror=alert(1)>';
    fs.writeFileSync(uri.fsPath, [
      'schema: mlcatalog/v1', 'id: markup-title', `title: "${title}"`,
      'businessUse: An entry from a cloned repository whose title is markup.',
      'owners: { business: "<script>alert(2)</script>@x.example", technical: group:x }',
      'criticality: low', 'environments: [{ tier: development }]', 'lifecycle: proposed', 'match: { names: [markup] }', '',
    ].join('\n'));
    await vscode.commands.executeCommand('mlHygiene.declareModel', { entryId: 'markup-title', catalogDir: workspaceFile('.mlcatalog').toString() });
    const page = await shown(form, `Editing “${title}”`);
    assert.equal(form.snapshot().draft.title, title);
    assert.ok(page.html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the title is escaped text in the markup');
    assert.ok(!page.tags.includes('img') && !page.tags.includes('script'), `no element was made from catalog data: ${page.tags.join()}`);
    assert.ok(page.tags.includes('form') && page.tags.includes('datalist'), 'the probe saw the form');

    // Editing it through the form changes only the field edited; the rest of the file stays.
    const before = fs.readFileSync(uri.fsPath, 'utf8');
    const saved = await form.receive({ type: 'save', draft: { ...form.snapshot().draft, lifecycle: 'approved' } });
    assert.ok(saved.ok, JSON.stringify(saved));
    const doc = await until('the entry open', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    assert.equal(doc.getText(), before.replace('lifecycle: proposed', 'lifecycle: approved'));
  });

  it('declares an unregistered save from its quick fix through the form, and the warning on the save goes', async () => {
    const { declareForm: form } = await api();
    const editor = await open('sentiment/fine_tune.py');
    const uri = editor.document.uri;
    await until('MLH301 on the save', () => ours(uri).includes('MLH301@21'));
    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === 20 && String(typeof d.code === 'object' ? d.code.value : d.code) === 'MLH301')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const declare = actions.find((a) => a.title.startsWith('Declare this model in the catalog'));
    assert.ok(declare?.command, actions.map((a) => a.title).join(' | '));
    assert.equal(declare.command.command, 'mlHygiene.declareModel');
    if (declare.edit) assert.ok(await vscode.workspace.applyEdit(declare.edit));
    await vscode.commands.executeCommand(declare.command.command, ...(declare.command.arguments ?? []));
    const draft = await until('the form prefilled from the save', () => form.snapshot().draft.matchPaths.includes('models/review-sentiment') && form.snapshot().draft);
    assert.equal(draft.format, 'safetensors');
    assert.ok(draft.id, 'an id is suggested');
    await shown(form, 'Declare a model');
    const saved = await form.receive({ type: 'save', draft: { ...draft, businessUse: 'Classifies product reviews by sentiment for the weekly quality report.', ownerBusiness: 'user:quality-lead', ownerTechnical: 'group:ds-reviews' } });
    assert.ok(saved.ok && saved.saved, JSON.stringify(saved));
    created.push(vscode.Uri.parse(saved.saved));
    await until('the new entry open', () => vscode.window.activeTextEditor?.document.uri.toString() === saved.saved);
    await until('MLH301 to leave the save', () => !ours(uri).includes('MLH301@21'));
  });

  it('rejects and logs a malformed message, and writes nothing', async () => {
    const { declareForm: form } = await api();
    const before = form.rejected;
    const files = fs.readdirSync(workspaceFile('.mlcatalog/models').fsPath).sort();
    for (const message of [{ type: 'save', draft: { id: 42 } }, { type: 'runCommand', command: 'workbench.action.terminal.new' }, 'save', null]) {
      const result = await form.receive(message);
      assert.equal(result.ok, false, JSON.stringify(message));
    }
    assert.equal(form.rejected, before + 4);
    assert.deepEqual(fs.readdirSync(workspaceFile('.mlcatalog/models').fsPath).sort(), files);
  });
});
