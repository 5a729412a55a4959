// The package's API: loading (require, import, a consumer's node_modules), result and error shapes,
// money given as a JS number, compare, timeline defaults, tariff, and the loadRules round trip.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { api, cliJson, coreErrorCodes, pkgDir, raw, repoRoot, todayUtc } from './support.mjs';

const { name } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

const tshirt = () => ({
  date: '2025-06-01',
  destination: 'US',
  currency: 'USD',
  shipping: '5.00',
  items: [{ hs_code: '6109.10.00', origin: 'CN', quantity: '1', unit_price: '12.00', duty_rate: '16.5%' }],
});

const CODES = coreErrorCodes();

/** A failure with exactly { code, path, message } per error; returns the errors. */
function failure(result) {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result).slice(0, 200)}`);
  assert.deepEqual(Object.keys(result).sort(), ['errors', 'ok']);
  assert.ok(Array.isArray(result.errors) && result.errors.length > 0);
  for (const e of result.errors) {
    assert.deepEqual(Object.keys(e).sort(), ['code', 'message', 'path']);
    assert.ok(CODES.includes(e.code), `unknown code ${e.code}`);
    assert.equal(typeof e.path, 'string');
    assert.ok(e.message.length > 10, e.message);
  }
  return result.errors;
}

function node(args, cwd) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('loading', () => {
  const duty = api.quote(tshirt()).quote.duty;
  const expected = `true ${duty} string`;
  const probe = `const q = d.quote(${JSON.stringify(JSON.stringify(tshirt()))}); console.log(q.ok, q.quote.duty, typeof d.rulesVersion())`;

  test("require('./bindings/wasm') from the repository root", () => {
    assert.equal(node(['-e', `const d = require('./bindings/wasm'); ${probe}`], repoRoot), expected);
  });

  test('import from the package folder (its ES module entry) and by package name', async () => {
    const byPath = await import(pathToFileURL(join(pkgDir, 'index.mjs')).href);
    const byName = await import(name); // the package resolving itself through package.json "exports"
    assert.equal(byName.quote, byPath.quote);
    assert.equal(byPath.default.quote(tshirt()).quote.duty, duty);
  });

  test("a consumer's node_modules: require('deminimis') and import 'deminimis'", () => {
    const dir = mkdtempSync(join(tmpdir(), 'deminimis-consumer-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(pkgDir, join(dir, 'node_modules', name), 'dir');
      assert.equal(node(['-e', `const d = require('${name}'); ${probe}`], dir), expected);
      assert.equal(
        node(['--input-type=module', '-e', `import d from '${name}'; import { quote } from '${name}'; if (d.quote !== quote) throw 1; ${probe}`], dir),
        expected,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('import and require share one module instance (and its loaded rules)', async () => {
    const esm = await import(pathToFileURL(join(pkgDir, 'index.mjs')).href);
    const doc = JSON.parse(api.bundledRules());
    doc.version = 'shared-instance+test';
    assert.deepEqual(api.loadRules(doc), { ok: true, version: 'shared-instance+test' });
    try {
      assert.equal(esm.rulesVersion(), 'shared-instance+test');
    } finally {
      api.resetRules();
    }
  });
});

describe('results and errors', () => {
  test('a quote is { ok: true, quote } and quoteJson is its exact text', () => {
    const r = api.quote(tshirt());
    assert.deepEqual(Object.keys(r), ['ok', 'quote']);
    assert.equal(r.quote.rules_version, api.rulesVersion());
    assert.equal(api.quoteJson(tshirt()), raw.quoteJson(JSON.stringify(tshirt())));
    assert.deepEqual(JSON.parse(api.quoteJson(tshirt())), r);
    assert.deepEqual(api.quote(JSON.stringify(tshirt())), r, 'JSON text is accepted as well');
  });

  test('unknown field, missing field, bad enumeration: code and JSON path', () => {
    const s = tshirt();
    s.items[0].colour = 'red';
    assert.deepEqual(failure(api.quote(s)).map((e) => [e.code, e.path]), [['unknown_field', '$.items[0].colour']]);
    const { currency, ...noCurrency } = tshirt();
    assert.deepEqual(failure(api.quote(noCurrency)).map((e) => [e.code, e.path]), [['missing_field', '$']]);
    assert.deepEqual(failure(api.quote({ ...tshirt(), mode: 'boat' })).map((e) => [e.code, e.path]), [['invalid_value', '$.mode']]);
    void currency;
  });

  test('semantic problems are reported together', () => {
    const s = { ...tshirt(), destination: 'XX', currency: 'ZZZ' };
    s.items = [{ ...s.items[0], hs_code: '6109' }];
    const got = failure(api.quote(s)).map((e) => [e.code, e.path]);
    for (const want of [['unknown_country', '$.destination'], ['unknown_currency', '$.currency'], ['invalid_hs_code', '$.items[0].hs_code']]) {
      assert.ok(got.some((g) => g[0] === want[0] && g[1] === want[1]), `${want} in ${JSON.stringify(got)}`);
    }
  });

  test('the engine errors: empty items, date before the data, an HS code not in the tariff', () => {
    assert.equal(failure(api.quote({ ...tshirt(), items: [] }))[0].code, 'empty_items');
    assert.equal(failure(api.quote({ ...tshirt(), date: '2014-12-31' }))[0].code, 'date_out_of_range');
    const s = tshirt();
    delete s.items[0].duty_rate;
    s.items[0].hs_code = '9999.99.99';
    const [e] = failure(api.quote(s));
    assert.equal(e.code, 'hs_code_not_found');
    assert.ok(e.path.startsWith('$.items[0]'), e.path);
  });

  test('without a duty_rate the bundled tariff gives the ordinary rate', () => {
    const s = tshirt();
    delete s.items[0].duty_rate;
    const r = api.quote(s);
    assert.equal(r.ok, true, JSON.stringify(r));
    const mfn = r.quote.lines[0].duties.find((d) => d.measure === 'mfn');
    assert.equal(mfn.rate, api.tariff('US', '6109.10.00', '2025-06-01').tariff.rate);
  });

  test('values JSON cannot carry come back as tagged errors, never thrown', () => {
    const [big] = failure(api.quote({ ...tshirt(), shipping: 10n }));
    assert.deepEqual([big.code, big.path], ['invalid_value', '$.shipping']);
    assert.match(big.message, /found the BigInt 10n/);
    const cyclic = tshirt();
    cyclic.self = cyclic;
    assert.equal(failure(api.quote(cyclic))[0].code, 'invalid_json');
    assert.equal(failure(api.quote(undefined))[0].code, 'invalid_value');
    assert.equal(failure(api.quote('{"date":')).at(0).code, 'invalid_json');
  });

  test('values JSON.stringify would drop or turn into null are refused with their path', () => {
    const cases = [
      ['$.shipping', 'a function', (s) => (s.shipping = () => '4.99')],
      ['$.mode', 'a symbol', (s) => (s.mode = Symbol('postal'))],
      ['$.items[0].unit_price', 'the number NaN', (s) => (s.items[0].unit_price = NaN)],
      ['$.insurance', 'the number Infinity', (s) => (s.insurance = Infinity)],
      ['$.fx_rates[0]', 'a function', (s) => (s.fx_rates = [() => 1])],
    ];
    for (const [path, found, mutate] of cases) {
      const s = tshirt();
      mutate(s);
      const [e] = failure(api.quote(s));
      assert.deepEqual([e.code, e.path], ['invalid_value', path]);
      assert.equal(e.message, `${path}: expected a JSON value (string, number, boolean, null, object or array), found ${found}`);
    }
    const s0 = tshirt();
    s0.items[0].description = 'a\ud800b';
    const [lone] = failure(api.quote(s0));
    assert.deepEqual([lone.code, lone.path], ['invalid_value', '$.items[0].description']);
    assert.equal(lone.message, '$.items[0].description: expected text that UTF-8 can encode, found "a\\ud800b" (a lone surrogate)');
    const s1 = tshirt();
    s1.items[0]['\udfff'] = 'x';
    assert.deepEqual(failure(api.quote(s1)).map((e) => e.path), ['$.items[0]']);
    // `undefined` is JavaScript's "not given": the member is left out, as JSON.stringify does.
    const s = tshirt();
    s.insurance = undefined;
    assert.equal(api.quote(s).ok, true);
    // toJSON is honoured as JSON.stringify honours it.
    const t = tshirt();
    t.items[0].unit_price = { toJSON: () => '12.00' };
    assert.equal(api.quote(t).ok, true);
    // A toJSON() or getter that throws, or nesting deeper than the call stack, is a result with
    // an error, not a throw.
    const throwing = tshirt();
    throwing.items[0].unit_price = { toJSON: () => { throw new Error('no'); } };
    const getter = tshirt();
    Object.defineProperty(getter, 'insurance', { enumerable: true, get: () => { throw new Error('no'); } });
    const deep = tshirt();
    let inner = deep;
    for (let i = 0; i < 100000; i++) inner = inner.x = {};
    for (const doc of [throwing, getter, deep]) {
      const [e] = failure(api.quote(doc));
      assert.deepEqual([e.code, e.path], ['invalid_json', '$']);
    }
  });
});

describe('money given as a JS number is rejected with the field path', () => {
  const cases = [
    ['$.items[0].unit_price', (s) => (s.items[0].unit_price = 12.5)],
    ['$.items[0].unit_price', (s) => (s.items[0].unit_price = 12)],
    ['$.items[0].quantity', (s) => (s.items[0].quantity = 3)],
    ['$.items[0].net_weight_kg', (s) => (s.items[0].net_weight_kg = 0.2)],
    ['$.shipping', (s) => (s.shipping = 4.99)],
    ['$.insurance', (s) => (s.insurance = 1)],
    ['$.same_day_value', (s) => (s.same_day_value = 100)],
    ['$.fx_rates[0].rate', (s) => (s.fx_rates = [{ from: 'EUR', to: 'USD', rate: 1.1 }])],
  ];
  for (const [path, mutate] of cases) {
    test(path, () => {
      const s = tshirt();
      mutate(s);
      const errors = failure(api.quote(s));
      assert.deepEqual(errors.map((e) => [e.code, e.path]), [['float_amount', path]]);
      assert.match(errors[0].message, /expected a decimal string/);
    });
  }
});

describe('compare, timeline, tariff', () => {
  test('compare quotes at each date, like the CLI', () => {
    const r = api.compare(tshirt(), ['2024-06-01', '2025-06-01']);
    assert.equal(r.ok, true);
    assert.deepEqual(r.quotes.map((q) => [q.date, q.de_minimis.applies]), [
      ['2024-06-01', true],
      ['2025-06-01', false],
    ]);
    assert.deepEqual(r.quotes[0], api.quote({ ...tshirt(), date: '2024-06-01' }).quote);
    assert.deepEqual(r.quotes[1], api.quote(tshirt()).quote);
  });

  test('compare names a bad date by its index', () => {
    assert.deepEqual(failure(api.compare(tshirt(), ['2024-06-01', '2024-6-1', 20240601])).map((e) => [e.code, e.path]), [
      ['invalid_date', 'dates[1]'],
      ['invalid_date', 'dates[2]'],
    ]);
    assert.deepEqual(failure(api.compare(tshirt(), '2024-06-01')).map((e) => [e.code, e.path]), [['invalid_value', 'dates']]);
  });

  test('timeline defaults: from the start of the rules to today (UTC)', () => {
    const r = api.timeline(tshirt());
    assert.equal(r.ok, true);
    assert.equal(r.timeline[0].date, '2015-01-01');
    assert.ok(r.timeline.at(-1).date <= todayUtc());
    assert.deepEqual(r, api.timeline(tshirt(), null, todayUtc()));
    assert.deepEqual(r, api.timeline(tshirt(), '2015-01-01'));
  });

  test('timeline equals the CLI', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'deminimis-timeline-'));
    try {
      const file = join(dir, 'shipment.json');
      writeFileSync(file, JSON.stringify(tshirt()));
      const want = cliJson(['timeline', file, '--from', '2024-01-01', '--to', '2026-11-26', '--json']);
      const got = api.timeline(tshirt(), '2024-01-01', '2026-11-26');
      assert.deepEqual(got, { ok: true, timeline: want });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('timeline names a bad bound', () => {
    assert.deepEqual(failure(api.timeline(tshirt(), '2015-1-1')).map((e) => [e.code, e.path]), [['invalid_date', 'from']]);
    assert.deepEqual(failure(api.timeline(tshirt(), null, 'today')).map((e) => [e.code, e.path]), [['invalid_date', 'to']]);
  });

  test('tariff looks the code up in the bundled schedule', () => {
    const r = api.tariff('US', '6109.10.00', '2026-08-01');
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.tariff.territory, 'US');
    assert.equal(r.tariff.rate, '16.5%');
    assert.equal(r.tariff.free, false);
    const eu = api.tariff('DE', '6109 10 00', '2026-08-01');
    assert.equal(eu.ok, true, JSON.stringify(eu));
    assert.equal(eu.tariff.territory, 'EU');
    assert.deepEqual(failure(api.tariff('US', '6109.10.00', '2026-8-1')).map((e) => [e.code, e.path]), [['invalid_date', 'date']]);
    assert.deepEqual(failure(api.tariff('US', '6109', '2026-08-01')).map((e) => [e.code, e.path]), [['invalid_hs_code', '$.hs_code']]);
    assert.equal(failure(api.tariff('US', '9999.99.99', '2026-08-01'))[0].code, 'hs_code_not_found');
  });
});

describe('loadRules', () => {
  test('round trip: the bundled document loads, a changed one takes effect, reset restores', () => {
    const bundled = api.rulesVersion();
    const text = api.bundledRules();
    try {
      assert.deepEqual(api.loadRules(text), { ok: true, version: bundled });
      const before = api.quote(tshirt()).quote;

      const doc = JSON.parse(text);
      doc.version = '2099-01-01+test';
      assert.deepEqual(api.loadRules(doc), { ok: true, version: '2099-01-01+test' });
      assert.equal(api.rulesVersion(), '2099-01-01+test');
      const after = api.quote(tshirt()).quote;
      assert.equal(after.rules_version, '2099-01-01+test');
      assert.deepEqual({ ...after, rules_version: before.rules_version }, before, 'same rules, same quote');

      // Rules that fail validation are rejected and the active rules stay.
      const broken = JSON.parse(text);
      broken.regimes.push({ ...broken.regimes[0] });
      const errors = failure(api.loadRules(broken));
      assert.ok(errors.every((e) => ['invalid_rules', 'overlapping_validity', 'unsorted_validity'].includes(e.code)), JSON.stringify(errors));
      assert.equal(failure(api.loadRules({ version: 'x' }))[0].code, 'invalid_rules');
      assert.equal(failure(api.loadRules('not json'))[0].code, 'invalid_rules');
      assert.equal(api.rulesVersion(), '2099-01-01+test');
    } finally {
      assert.equal(api.resetRules(), bundled);
    }
    assert.equal(api.quote(tshirt()).quote.rules_version, bundled);
  });
});
