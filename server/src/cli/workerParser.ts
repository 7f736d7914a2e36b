import * as path from 'path';

import { createParser, loadPython } from '../analysis/parser';

/**
 * The parser of a CLI worker thread. Its module is the first the worker imports, so the
 * WebAssembly compiles (asynchronously) while the rest of the engine's modules load.
 */
export const parserReady = loadPython(path.join(__dirname, '..', 'server')).then(createParser);
