#!/usr/bin/env node
'use strict';
// The CLI lives in the bundle; build it first with `npm run build`.
const { main } = require('../out/cli/cli.js');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ml-hygiene: internal error: ${(err && err.stack) || err}\n`);
    process.exitCode = 2;
  },
);
