import { strict as assert } from 'assert';

import { reportBody } from '../../client/src/views/modelReportHtml';
import type { ScanReport } from '../../server/src/lsp/scanReportProtocol';

const base: ScanReport = { uri: 'file:///w/m.pkl', size: 45, containers: ['pickle'], imports: [], findings: [], inconclusive: [], catalog: [] };

describe('the model-file scan report page', () => {
  it('shows names chosen by the file as text, never as markup', () => {
    const html = reportBody({
      ...base,
      format: 'pickle',
      verdict: 'dangerous',
      imports: [{ module: '<img src=x onerror=alert(1)>', name: '"><script>alert(2)</script>', verdict: 'unknown', level: 'medium', count: 1 }],
      findings: [{ code: 'MLH402', severity: 'warning', message: 'imports <b>x</b>' }],
    }, '<evil>.pkl');
    assert.ok(!/<img|<script|<b>|<evil>/.test(html), html);
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(html.includes('&#60;evil&#62;.pkl'));
  });

  it('lists each import with its verdict, the SHA-256, the catalog check, why the scan is inconclusive and the containers', () => {
    const html = reportBody({
      ...base,
      format: 'pytorch-zip',
      verdict: 'suspicious',
      sha256: 'ab'.repeat(32),
      containers: ['pytorch-zip', 'pickle:archive/data.pkl'],
      imports: [
        { module: 'torch._utils', name: '_rebuild_tensor_v2', verdict: 'allowed', level: 'safe', member: 'archive/data.pkl', count: 3 },
        { module: 'os', name: 'system', verdict: 'dangerous', level: 'critical', member: 'archive/data.pkl', count: 1 },
      ],
      inconclusive: ['[archive/data.pkl] The pickle stream breaks at offset 41'],
      catalog: [{ entryId: 'demand', entryFile: '/w/.mlcatalog/models/demand.yaml', matched: false }],
    }, 'model.pt');
    for (const text of ['Verdict: suspicious (inconclusive', 'pytorch-zip', 'ab'.repeat(32), '<td>dangerous</td><td>os</td><td>system</td>', '<td>allowed</td><td>torch._utils</td>', 'The pickle stream breaks at offset 41', 'pickle:archive/data.pkl', 'NOT one it records (MLH305)']) {
      assert.ok(html.includes(text), `${text} in ${html}`);
    }
  });

  it('says why a file was not scanned', () => {
    const html = reportBody({ ...base, containers: [], notScanned: 'the file is 600 MB, over the 512 MB limit' }, 'huge.pt');
    assert.ok(html.includes('Verdict: not scanned'));
    assert.ok(html.includes('over the 512 MB limit'));
    assert.ok(!html.includes('scan-anyway'), 'no Scan anyway for a file that could not be read');
    const capped = reportBody({ ...base, size: 600 * 2 ** 20, containers: [], notScanned: 'the file is 600 MB, over the 512 MB limit', overSizeLimit: true }, 'huge.pt');
    assert.ok(capped.includes('<button id="scan-anyway" type="button">Scan anyway (reads the whole 600.0 MB (629,145,600 bytes))</button>'), capped);
  });
});
