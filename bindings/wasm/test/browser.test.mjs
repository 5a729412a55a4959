// The estimator page in a real browser: Debian's Chromium (/usr/bin/chromium, never a downloaded
// one) driven by playwright-core. Fill a parcel, press Quote, and check that the duty, VAT and
// landed cost on the page are the engine's (the same shipment quoted here through the package),
// that the timeline chart has one point per rule change, and that errors are shown by field.
// Screenshots go to target/wasm-screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, pkgDir, repoRoot, require, todayUtc } from './support.mjs';

const chromiumPath = process.env.DEMINIMIS_CHROMIUM ?? '/usr/bin/chromium';
const shots = join(repoRoot, 'target', 'wasm-screenshots');

const parcels = [
  {
    name: 'tshirt-cn-us-2025-06-01',
    shipment: {
      date: '2025-06-01', destination: 'US', currency: 'USD', mode: 'express', kind: 'sale', shipping: '5.00',
      items: [{ hs_code: '6109.10.00', origin: 'CN', description: 'Cotton T-shirt', quantity: '1', unit_price: '12.00', duty_rate: '16.5%' }],
    },
  },
  {
    name: 'tshirt-cn-de-2026-08-01',
    shipment: {
      date: '2026-08-01', destination: 'DE', currency: 'EUR', mode: 'postal', kind: 'sale', shipping: '4.99',
      // No duty rate: the page leaves it to the bundled tariff.
      items: [{ hs_code: '6109.10.00', origin: 'CN', description: 'Cotton T-shirt', quantity: '1', unit_price: '9.90', duty_rate: '' }],
    },
  },
];

describe('the estimator page in Chromium', () => {
  let server;
  let url;
  let context;
  let page;
  let profile;
  const problems = [];

  before(async () => {
    assert.ok(existsSync(chromiumPath), `Chromium is expected at ${chromiumPath} (apt-get install chromium)`);
    mkdirSync(shots, { recursive: true });
    server = spawn(process.execPath, [join(pkgDir, 'www', 'serve.mjs'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.stdout.once('data', (d) => resolve(String(d).trim().split('\n')[0]));
    });
    const { chromium } = require('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'deminimis-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1360, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true', await page.textContent('#rules-version'));
    await page.waitForSelector('#results:not([hidden])');
  });

  test('the module loads and quotes in the page', async (t) => {
    const { loadMs, rulesMs, firstQuoteMs } = await page.evaluate(() => ({ ...document.body.dataset }));
    // Reported by scripts/test-wasm.sh; see BENCHMARKS.md.
    t.diagnostic(`Chromium: fetch + compile + instantiate ${loadMs} ms, first use of the bundled rules ${rulesMs} ms, first quote ${firstQuoteMs} ms`);
    assert.ok(Number(loadMs) > 0 && Number(rulesMs) > 0 && Number(firstQuoteMs) > 0);
  });

  test('the page says a quote is an estimate, not a customs ruling', async () => {
    assert.ok(await page.isVisible('#disclaimer'));
    assert.match(await page.textContent('#disclaimer'), /not a customs ruling/);
  });

  after(async () => {
    await context?.close();
    server?.kill();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function fill(s) {
    await page.fill('#date', s.date);
    await page.dispatchEvent('#date', 'change');
    await page.selectOption('#destination', s.destination);
    await page.dispatchEvent('#destination', 'change');
    await page.selectOption('#currency', s.currency);
    await page.selectOption('#mode', s.mode);
    await page.selectOption('#kind', s.kind);
    await page.fill('#shipping', s.shipping);
    while ((await page.locator('#items .item').count()) > s.items.length) {
      await page.locator('#items .item .remove').last().click();
    }
    while ((await page.locator('#items .item').count()) < s.items.length) await page.click('#add-item');
    for (const [i, item] of s.items.entries()) {
      const row = page.locator('#items .item').nth(i);
      for (const [field, value] of Object.entries(item)) await row.locator(`[data-field="${field}"]`).fill(value);
    }
  }

  for (const { name, shipment } of parcels) {
    test(`${name}: the page shows the engine's duty, VAT and landed cost`, async () => {
      const sent = { ...shipment, items: shipment.items.map((i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== ''))) };
      const expected = api.quote(sent);
      assert.equal(expected.ok, true, JSON.stringify(expected));
      const q = expected.quote;
      await fill(shipment);
      await page.click('#quote-button');
      await page.waitForFunction(
        (landed) => !document.querySelector('#results').hidden && document.querySelector('#out-landed').textContent === landed,
        `${q.landed_cost} ${q.currency}`,
        { timeout: 10000 },
      );
      assert.equal(await page.textContent('#out-duty'), `${q.duty} ${q.currency}`);
      assert.equal(await page.textContent('#out-vat'), `${q.vat.amount} ${q.currency}`);
      assert.equal(await page.textContent('#out-landed'), `${q.landed_cost} ${q.currency}`);
      assert.equal(await page.textContent('#out-regime'), q.regime.name);
      // Every charge with its legal basis.
      const bases = await page.locator('#charges tbody td.basis').allTextContents();
      for (const d of q.lines.flatMap((l) => l.duties)) assert.ok(bases.includes(d.legal_basis), d.legal_basis);
      for (const f of q.fees) assert.ok(bases.includes(f.legal_basis), f.legal_basis);
      // The timeline: one point per rule change from 2015 to today.
      const to = shipment.date > todayUtc() ? shipment.date : todayUtc();
      const t = api.timeline(sent, null, to);
      assert.equal(t.ok, true);
      const dates = await page.locator('#timeline-chart circle.change').evaluateAll((cs) => cs.map((c) => c.dataset.date));
      assert.deepEqual(dates, t.timeline.map((e) => e.date));
      assert.equal(dates[0], '2015-01-01');
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
      assert.deepEqual(problems, []);
    });
  }

  test('a parcel the engine rejects shows each error at its field', async () => {
    await fill({ ...parcels[0].shipment, items: [{ ...parcels[0].shipment.items[0], duty_rate: '', unit_price: '12,00' }] });
    await page.click('#quote-button');
    await page.waitForSelector('#errors-section:not([hidden])');
    const codes = await page.locator('#errors li').evaluateAll((lis) => lis.map((li) => li.dataset.code));
    assert.deepEqual(codes, ['invalid_amount']);
    assert.equal(await page.locator('[data-field="unit_price"].invalid').count(), 1);
    await page.screenshot({ path: join(shots, 'error-invalid-amount.png'), fullPage: true });
  });
});
