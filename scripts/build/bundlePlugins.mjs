// esbuild plugins of the bundles: what is left out of zod, and the faster marshalling of
// web-tree-sitter. Both are checked against the dependency's text: a build fails rather than
// ship a patch that no longer applies.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * zod's `z` namespace re-exports its ~40 message locales (358 KB, half of zod in a bundle); the
 * extension and the CLI speak English only. Each thread of the CLI compiles its bundle at start.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-english-only', pluginData: dirname(args.importer) } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.pluginData, '..', 'locales', 'en.js'))};`,
      loader: 'js',
      resolveDir: args.pluginData,
    }));
  },
};

// web-tree-sitter passes every node to WebAssembly and back through a transfer buffer, one
// `setValue(address, value, "i32")` per field: a string test, a switch and a DataView write each
// (for big-endian hosts). A one-shot analysis asks for a node's type, end or parent hundreds of
// thousands of times: on a little-endian host (every host Node runs on here) an Int32Array view
// of the same memory does the same in a tenth of the time. Big-endian hosts keep the original.
const FAST_MARSHALLING = [
  [
    `function marshalNode(node, index = 0) {
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;`,
    `// NOTE: a top-level var: assigned when the module loads, before any parse (stringToUTF16 reads it too).
var NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function marshalNode(node, index = 0) {
  if (NATIVE_LITTLE_ENDIAN) {
    const heap = C.HEAP32;
    const at = (TRANSFER_BUFFER + index * SIZE_OF_NODE) >> 2;
    heap[at] = node.id;
    heap[at + 1] = node.startIndex;
    heap[at + 2] = node.startPosition.row;
    heap[at + 3] = node.startPosition.column;
    heap[at + 4] = node[0];
    return;
  }
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;`,
  ],
  [
    `function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  const id = C.getValue(address, "i32");`,
    `function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  if (NATIVE_LITTLE_ENDIAN) {
    const heap = C.HEAP32;
    const at = address >> 2;
    if (heap[at] === 0) return null;
    return new Node(INTERNAL, { id: heap[at], tree, startIndex: heap[at + 1], startPosition: { row: heap[at + 2], column: heap[at + 3] }, other: heap[at + 4] });
  }
  const id = C.getValue(address, "i32");`,
  ],
  [
    `function marshalTreeCursor({ handles }, address = TRANSFER_BUFFER) {`,
    `function marshalTreeCursor({ handles }, address = TRANSFER_BUFFER) {
  if (NATIVE_LITTLE_ENDIAN) {
    const heap = C.HEAP32;
    const at = address >> 2;
    heap[at] = handles[0];
    heap[at + 1] = handles[1];
    heap[at + 2] = handles[2];
    heap[at + 3] = handles[3];
    return;
  }`,
  ],
  [
    `function unmarshalTreeCursor({ handles }) {`,
    `function unmarshalTreeCursor({ handles }) {
  if (NATIVE_LITTLE_ENDIAN) {
    const heap = C.HEAP32;
    const at = TRANSFER_BUFFER >> 2;
    handles[0] = heap[at];
    handles[1] = heap[at + 1];
    handles[2] = heap[at + 2];
    handles[3] = heap[at + 3];
    return;
  }`,
  ],
  // The text handed to the parser (5,000 code units at each call) is written by Node's own
  // UTF-16 encoder into the WebAssembly memory, not a code unit at a time from JavaScript.
  [
    `          for (var i2 = 0; i2 < numCharsToWrite; ++i2) {
            var codeUnit = str.charCodeAt(i2);`,
    `          if (NATIVE_LITTLE_ENDIAN && typeof Buffer === "function") {
            var units = Math.min(str.length, Math.ceil(numCharsToWrite));
            Buffer.from(HEAPU8.buffer, HEAPU8.byteOffset + outPtr, units * 2).write(str, 0, units * 2, "utf16le");
            outPtr += units * 2;
            numCharsToWrite = 0;
          }
          for (var i2 = 0; i2 < numCharsToWrite; ++i2) {
            var codeUnit = str.charCodeAt(i2);`,
  ],
];

export const webTreeSitterFastMarshalling = {
  name: 'web-tree-sitter-fast-marshalling',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]web-tree-sitter\.cjs$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      for (const [from, to] of FAST_MARSHALLING) {
        const at = contents.indexOf(from);
        if (at === -1 || contents.indexOf(from, at + 1) !== -1) throw new Error(`web-tree-sitter has changed: the fast marshalling patch (scripts/build/bundlePlugins.mjs) does not apply to "${from.split('\n')[0].trim()}"`);
        contents = contents.slice(0, at) + to + contents.slice(at + from.length);
      }
      return { contents, loader: 'js' };
    });
  },
};
