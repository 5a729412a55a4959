// Type-checked by `tsc --noEmit` (tsconfig.json), never run: an ES module consumer of the package.
import deminimis, { quote, compare, timeline, tariff, loadRules, rulesVersion } from 'deminimis';
import type { ErrorInfo, Quote, Shipment, TimelineEntry } from 'deminimis';
import load from 'deminimis/web';

const shipment: Shipment = {
  date: '2025-06-01',
  destination: 'US',
  currency: 'USD',
  mode: 'express',
  kind: 'sale',
  shipping: '5.00',
  fx_rates: [{ from: 'EUR', to: 'USD', rate: '1.10' }],
  options: { eu_flat_duty_scope: 'ioss_or_postal' },
  items: [{ hs_code: '6109.10.00', origin: 'CN', quantity: '1', unit_price: '12.00', duty_rate: '16.5%' }],
};

const r = quote(shipment);
if (r.ok) {
  const q: Quote = r.quote;
  const amounts: string[] = [q.duty, q.vat.amount, q.landed_cost, ...q.fees.map((f) => f.amount)];
  const basis: string[] = q.lines.flatMap((l) => l.duties.map((d) => d.legal_basis));
  const collected: 'at_sale' | 'at_import' | 'none' = q.vat.collected;
  void amounts, basis, collected;
} else {
  const first: ErrorInfo | undefined = r.errors[0];
  void first?.code.toUpperCase();
}

const c = compare(shipment, ['2024-06-01', '2025-09-15']);
if (c.ok) void c.quotes.length;
const t = deminimis.timeline(shipment);
if (t.ok) {
  const entries: TimelineEntry[] = t.timeline;
  void entries;
}
void timeline(shipment, '2015-01-01', '2026-11-26');
void timeline(shipment, null, '2026-11-26');
const tr = tariff('US', '6109.10.00', '2025-06-01');
if (!tr.ok) void tr.errors;
const l = loadRules(deminimis.bundledRules());
if (l.ok) void l.version.length;
const v: string = rulesVersion();
void v;

const api = await load();
void api.quote(JSON.stringify(shipment));

// @ts-expect-error money is a string, never a number
const bad: Shipment = { date: '2025-06-01', destination: 'US', currency: 'USD', items: [{ hs_code: '610910', origin: 'CN', unit_price: 12 }] };
void bad;
// @ts-expect-error unknown modes are rejected
const badMode: Shipment = { date: '2025-06-01', destination: 'US', currency: 'USD', mode: 'boat', items: [] };
void badMode;
