// Node benchmark of the WebAssembly package: golden quotes per second against the same loop in
// native Rust, module load time and first-quote time.
//
// Run (after `npm run build`, from bindings/wasm): node bench/node-bench.mjs [ROUNDS] [MS]
//
// Throughput alternates ROUNDS times (default 5) between a MS-millisecond (default 1000) loop in
// this process and the native loop (`cargo run --release -p deminimis-wasm --example golden_bench
// -- MS`), and reports the best round of each, so that other work on the machine disturbs the ratio
// as little as possible.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..');
const repoRoot = join(pkgDir, '..', '..');
const goldenDir = join(repoRoot, 'tests', 'golden');
const rounds = Number(process.argv[2] ?? 5);
const millis = Number(process.argv[3] ?? 1000);

const shipments = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(goldenDir, f), 'utf8')))
  .filter((c) => !c.expected_error)
  .map((c) => c.shipment);
const texts = shipments.map((s) => JSON.stringify(s));

// Cold start, in fresh processes: require() (read, compile and instantiate the module), then the
// first quote (which parses and validates the bundled rules and exchange rates).
const probe = `
const t0 = performance.now();
const d = require(${JSON.stringify(pkgDir)});
const t1 = performance.now();
d.rulesVersion();
const t2 = performance.now();
const r = d.quote(${JSON.stringify(texts[0])});
const t3 = performance.now();
if (!r.ok) throw new Error('quote failed');
console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2]));`;
const cold = [];
for (let i = 0; i < 7; i++) {
  cold.push(JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

const require = createRequire(import.meta.url);
const api = require(pkgDir);
const raw = require(join(pkgDir, 'pkg', 'node', 'deminimis_wasm.js'));

function rate(inputs, f) {
  const start = performance.now();
  let done = 0;
  while (performance.now() - start < millis) {
    for (const x of inputs) f(x);
    done += inputs.length;
  }
  return Math.round((done * 1000) / (performance.now() - start));
}

for (const s of shipments) {
  if (!api.quote(s).ok) throw new Error(`golden shipment does not quote: ${JSON.stringify(s)}`);
}
for (let i = 0; i < 20; i++) for (const t of texts) raw.quoteJson(t); // warm up the JIT

execFileSync('cargo', ['build', '-q', '--release', '-p', 'deminimis-wasm', '--example', 'golden_bench'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
const nativeBin = join(repoRoot, 'target', 'release', 'examples', 'golden_bench');
// The shipment of criterion's `parse_and_quote_json_1_line` (crates/deminimis/benches/quote.rs).
const oneLine = JSON.stringify({
  date: '2025-09-15', destination: 'US', currency: 'USD', shipping: '8.00',
  items: [{ hs_code: '6109.10.00', origin: 'CN', quantity: '3', unit_price: '12.00', duty_rate: '16.5%' }],
});
const best = { wasmText: 0, wasmObject: 0, nativeText: 0, nativeQuote: 0, oneLine: 0 };
const nativeParse = [];
for (let i = 0; i < rounds; i++) {
  best.oneLine = Math.max(best.oneLine, rate([oneLine], (t) => raw.quoteJson(t)));
  best.wasmText = Math.max(best.wasmText, rate(texts, (t) => raw.quoteJson(t)));
  best.wasmObject = Math.max(best.wasmObject, rate(shipments, (s) => api.quote(s)));
  const out = execFileSync(nativeBin, [String(millis)], { encoding: 'utf8' });
  best.nativeText = Math.max(best.nativeText, Number(/native quote_json[^:]*: (\d+)/.exec(out)?.[1] ?? 0));
  best.nativeQuote = Math.max(best.nativeQuote, Number(/native deminimis::quote[^:]*: (\d+)/.exec(out)?.[1] ?? 0));
  nativeParse.push(Number(/bundled rules[^:]*: (\d+)/.exec(out)?.[1] ?? 0) / 1000);
}

const pct = (a, b) => `${((100 * a) / b).toFixed(0)}%`;
const n = (x) => x.toLocaleString('en');
console.log(`node ${process.version}; ${shipments.length} golden cases that quote; best of ${rounds} rounds of ${millis} ms`);
console.log(`cold start, median of ${cold.length} fresh processes:`);
console.log(`  require('deminimis') (read, compile, instantiate) ${ms(median(cold.map((r) => r[0])))}`);
console.log(`  first use of the bundled rules (parse, validate)  ${ms(median(cold.map((r) => r[1])))}   (native: ${ms(median(nativeParse))})`);
console.log(`  first quote                                       ${ms(median(cold.map((r) => r[2])))}`);
console.log('quotes per second over the golden cases:');
console.log(`  wasm   quoteJson: JSON text in, tagged JSON text out   ${n(best.wasmText)}`);
console.log(`  native quote_json: the same function, native           ${n(best.nativeText)}   (wasm = ${pct(best.wasmText, best.nativeText)})`);
console.log(`  wasm   quote: JS object in, JS object out              ${n(best.wasmObject)}`);
console.log(`  native deminimis::quote: parsed Shipment in, Quote out ${n(best.nativeQuote)}`);
console.log(`one-line US quote, JSON text in and out (criterion: parse_and_quote_json_1_line):`);
console.log(`  wasm quoteJson ${(1e6 / best.oneLine).toFixed(2)} µs/quote (${n(best.oneLine)} quotes/s)`);
