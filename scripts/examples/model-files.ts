/**
 * Writes the example workspace's model files (examples/retail-demo), byte for byte the same on
 * every run: a pickle "downloaded" for the sentiment head that runs `echo` when loaded, and a
 * benign NumPy array of store means. Run with `npx tsx scripts/examples/model-files.ts`; never
 * unpickle the pickle.
 */
import * as fs from 'fs';
import * as path from 'path';

import { benignNpy, dangerousPickle } from '../../test/helpers/modelFiles';

const root = path.join(__dirname, '..', '..', 'examples', 'retail-demo');
const files: [string, Buffer][] = [
  ['sentiment/downloads/community_head.pkl', dangerousPickle('RETAIL-DEMO')],
  ['forecasting/store_means.npy', benignNpy([112.5, 98.25, 143, 87.75])],
];
for (const [rel, bytes] of files) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), bytes);
  console.log(`wrote examples/retail-demo/${rel} (${bytes.length} bytes)`);
}
