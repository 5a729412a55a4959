// Every golden case (tests/golden/*.json) through the WebAssembly package, checked like the Rust
// runner (crates/deminimis/tests/golden.rs) and against the Rust CLI byte for byte:
// `deminimis quote - --json` prints the Quote document; the package's quote, pretty-printed the
// same way, must be the identical string; errors must be the CLI's lines, code for code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, goldenCases, lookup, raw, runCli } from './support.mjs';

const cases = goldenCases();

test('there are golden cases', () => {
  assert.ok(cases.length >= 40, `at least 40 golden cases, found ${cases.length}`);
});

for (const { file, case: c } of cases) {
  test(`golden ${file}`, () => {
    const result = api.quote(c.shipment);
    const text = JSON.stringify(c.shipment);
    const cliRun = runCli(['quote', '-', '--json'], text);

    if (c.expected_error) {
      assert.equal(result.ok, false, `expected error ${JSON.stringify(c.expected_error)}, got a quote`);
      const found = result.errors.some(
        (e) => e.code === c.expected_error.code && (c.expected_error.path === undefined || e.path === c.expected_error.path),
      );
      assert.ok(found, `expected error ${JSON.stringify(c.expected_error)}, got ${JSON.stringify(result.errors)}`);
      assert.equal(cliRun.status, 2, `the CLI should reject it too: ${cliRun.stderr}`);
      const lines = result.errors.map((e) => `${e.message} (${e.code})`).join('\n') + '\n';
      assert.equal(lines, cliRun.stderr, 'error lines differ from the CLI');
      return;
    }

    assert.equal(result.ok, true, `unexpected error: ${JSON.stringify(result.errors)}`);
    for (const [path, want] of Object.entries(c.expected ?? {})) {
      const got = lookup(result.quote, path);
      assert.notEqual(got, undefined, `${path}: expected ${JSON.stringify(want)}, path not found`);
      assert.deepEqual(got, want, `${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    for (const code of c.expected_warnings ?? []) {
      assert.ok(
        result.quote.warnings.some((w) => w.code === code),
        `missing warning ${code}; got ${JSON.stringify(result.quote.warnings.map((w) => w.code))}`,
      );
    }

    assert.equal(cliRun.status, 0, cliRun.stderr);
    // The whole quote, as a string: what the CLI printed (serde_json, pretty) …
    assert.equal(JSON.stringify(result.quote, null, 2) + '\n', cliRun.stdout);
    // … and the module's own text is Quote::to_json() of the same document.
    assert.equal(raw.quoteJson(text), `{"ok":true,"quote":${JSON.stringify(JSON.parse(cliRun.stdout))}}`);
  });
}
