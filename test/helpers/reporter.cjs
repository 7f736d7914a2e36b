// Mocha's spec reporter, plus a plain closing line ("N passed, N failed") that any CI can read.
const Mocha = require('mocha');

class PlainSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = runner.stats;
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      process.stdout.write(`\ntests: ${s.passes} passed, ${s.failures} failed${skipped}\n`);
    });
  }
}

module.exports = PlainSummary;
