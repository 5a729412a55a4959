// Type-checked by `tsc --noEmit` (tsconfig.json), never run: a CommonJS consumer of the package.
import deminimis = require('deminimis');

const r = deminimis.quote({
  date: '2026-08-01',
  destination: 'DE',
  currency: 'EUR',
  items: [{ hs_code: '6109.10.00', origin: 'CN', unit_price: '9.90', duty_rate: '12%' }],
});
const landed: string | undefined = r.ok ? r.quote.landed_cost : undefined;
void landed;
const version: string = deminimis.default.rulesVersion();
void version;
