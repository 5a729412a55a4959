// The README's example runs and prints what the README says it prints.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pkgDir } from './support.mjs';

test('README example output', () => {
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const m = /## Use it\s+```js\n([\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README.md has a ```js example followed by its ```text output under "## Use it"');
  const [, code, output] = m;
  assert.ok(code.trim().split('\n').length <= 5, 'the example stays five lines');
  const r = spawnSync(process.execPath, ['-e', code], { cwd: pkgDir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, output);
});
