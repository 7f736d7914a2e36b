import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';

/** The subset of a TextMate grammar that the injection grammar uses. */
interface Rule {
  include?: string;
  match?: string;
  name?: string;
  captures?: Record<string, Rule & { patterns?: Rule[] }>;
  patterns?: Rule[];
}

const grammarPath = join(__dirname, '../../syntaxes/ml-hygiene-comments.injection.tmLanguage.json');
const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as Rule & {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, Rule>;
};

/** Replaces `#name` includes with the repository rules they name. */
function resolve(rules: Rule[]): Rule[] {
  return rules.flatMap((r) => (r.include ? resolve([grammar.repository[r.include.slice(1)]]) : [r]));
}

/** Every regex in the grammar, with where it sits, for the compile checks. */
function allRegexes(rules: Rule[], where = 'grammar'): Array<[string, string]> {
  return resolve(rules).flatMap((r, i) => [
    ...(r.match ? [[`${where}[${i}]`, r.match] as [string, string]] : []),
    ...Object.entries(r.captures ?? {}).flatMap(([n, c]) =>
      allRegexes(c.patterns ?? [], `${where}[${i}].${n}`),
    ),
  ]);
}

/**
 * A small TextMate-like scanner: at each position the earliest match of any rule wins (ties go
 * to the first rule), and capture patterns retokenize the captured text. Returns scope → text.
 */
function scan(text: string, rules: Rule[], from = 0): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const resolved = resolve(rules);
  for (let pos = from; pos < text.length; ) {
    let best: { rule: Rule; m: RegExpExecArray } | undefined;
    for (const rule of resolved) {
      const re = new RegExp(rule.match!, 'dg');
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m && (!best || m.index < best.m.index)) best = { rule, m };
    }
    if (!best) break;
    const { rule, m } = best;
    if (rule.name) out.push([rule.name, m[0]]);
    for (const [n, cap] of Object.entries(rule.captures ?? {})) {
      const span = m.indices?.[Number(n)];
      if (!span) continue;
      if (cap.name) out.push([cap.name, text.slice(span[0], span[1])]);
      if (cap.patterns) out.push(...scan(text.slice(span[0], span[1]), cap.patterns));
    }
    pos = Math.max(m.index + m[0].length, pos + 1);
  }
  return out;
}

/** Scopes for a Python line: scanning starts after the `#`, as inside the Python comment scope. */
function scopes(line: string): Array<[string, string]> {
  return scan(line, grammar.patterns!, line.indexOf('#') + 1);
}

/** The texts given one scope on a line. */
function textsOf(line: string, scope: string): string[] {
  return scopes(line).filter(([s]) => s === scope).map(([, t]) => t);
}

const NOQA = 'keyword.other.noqa.mlhygiene';
const CODE = 'constant.other.rule-code.mlhygiene';

describe('comment injection grammar', () => {
  it('injects into Python comments under its own scope name', () => {
    assert.equal(grammar.scopeName, 'comment.mlhygiene.injection');
    assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.python/);
  });

  it('uses only regexes that compile in JavaScript, without Oniguruma-only syntax', () => {
    const regexes = allRegexes(grammar.patterns!);
    assert.ok(regexes.length >= 5);
    for (const [where, source] of regexes) {
      assert.doesNotThrow(() => new RegExp(source), `${where}: ${source}`);
      assert.doesNotMatch(source, /\(\?[imx-]+[):]|\\[hHAzZG]|\(\?>|[*+?}][+]/, `${where}: ${source}`);
    }
  });

  it('highlights the noqa keyword and each MLH code', () => {
    const line = 'x = torch.load(p)  # noqa: MLH101, MLH203';
    assert.deepEqual(textsOf(line, NOQA), ['noqa']);
    assert.deepEqual(textsOf(line, CODE), ['MLH101', 'MLH203']);
  });

  it('highlights only the MLH codes in a list shared with other tools', () => {
    assert.deepEqual(textsOf('f()  # noqa: E501, MLH110 S301', CODE), ['MLH110']);
    assert.deepEqual(textsOf('f()  # NOQA:MLH301', NOQA), ['NOQA']);
  });

  it('leaves comments that do not silence this tool plain', () => {
    const plain = ['f()  # noqa', 'f()  # noqa: E501', '# noqa as MLH101 is noisy', '# see noqa: MLH101'];
    for (const line of plain) {
      assert.deepEqual(scopes(line), [], line);
    }
  });

  it('finds a noqa after other comment text that has its own #', () => {
    assert.deepEqual(textsOf('f()  # slow # noqa: MLH120', CODE), ['MLH120']);
  });

  it('highlights nosec, bare and with Bandit codes', () => {
    assert.deepEqual(textsOf('pickle.load(f)  # nosec', 'keyword.other.nosec.mlhygiene'), ['nosec']);
    const line = 'torch.save(m, p)  # nosec B614, B301';
    assert.deepEqual(textsOf(line, 'keyword.other.nosec.mlhygiene'), ['nosec']);
    assert.deepEqual(textsOf(line, 'constant.other.rule-code.bandit.mlhygiene'), ['B614', 'B301']);
  });

  it('highlights the mlcatalog keyword and the entry id', () => {
    const line = 'torch.save(model, "m.pt")  # mlcatalog: fraud-scorer.v2';
    assert.deepEqual(textsOf(line, 'keyword.other.mlcatalog.mlhygiene'), ['mlcatalog']);
    assert.deepEqual(textsOf(line, 'entity.name.tag.catalog-entry.mlhygiene'), ['fraud-scorer.v2']);
  });

  it('does not take an id the catalog schema rejects', () => {
    assert.deepEqual(scopes('# mlcatalog: Fraud_Model'), []);
    assert.deepEqual(scopes('# mlcatalog:'), []);
  });
});
