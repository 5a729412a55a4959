// The estimator page: a parcel form in, the engine's quote and timeline out. Every amount shown
// is a string the engine (WebAssembly) produced; this file computes no money. It reads the bundled
// rule document only to fill the destination, origin and currency lists.
import load from '../web.mjs';

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (code) => {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
};
const todayUtc = () => new Date().toISOString().slice(0, 10);

// Rows of the rule document in force on a date (valid_from <= date < valid_to), for the lists.
const inForce = (rows, date) =>
  rows.filter((r) => r.valid_from <= date && (r.valid_to == null || date < r.valid_to));

const state = { api: null, rules: null, currencyTouched: false };

async function main() {
  const loadStart = performance.now();
  const api = await load();
  document.body.dataset.loadMs = (performance.now() - loadStart).toFixed(1);
  const parseStart = performance.now();
  const version = api.rulesVersion(); // the first use parses and validates the bundled rules
  document.body.dataset.rulesMs = (performance.now() - parseStart).toFixed(1);
  state.api = api;
  state.rules = JSON.parse(api.bundledRules());
  $('#rules-version').textContent = `rules ${version} · WebAssembly`;

  const countries = $('#countries');
  for (const c of state.rules.countries) countries.append(el('option', { value: c, label: countryName(c) }));
  const currency = $('#currency');
  for (const c of state.rules.currencies.map((c) => c.code).sort()) currency.append(el('option', { value: c, text: c }));

  $('#date').value = todayUtc();
  fillDestinations('US');
  syncCurrency();
  addItem({ hs_code: '6109.10.00', origin: 'CN', description: 'Cotton T-shirt', quantity: '1', unit_price: '12.00', duty_rate: '16.5%' });
  $('#shipping').value = '5.00';

  $('#date').addEventListener('change', () => {
    fillDestinations($('#destination').value);
    syncCurrency();
    tariffHints();
  });
  $('#destination').addEventListener('change', () => {
    syncCurrency();
    tariffHints();
  });
  currency.addEventListener('change', () => (state.currencyTouched = true));
  $('#add-item').addEventListener('click', () => addItem({ quantity: '1' }));
  $('#time-scale').addEventListener('change', () => state.timeline && showTimeline(...state.timeline));
  $('#parcel').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run();
  });
  document.body.dataset.ready = 'true';
  run();
}

/** US plus the EU member states on the chosen date (the UK until 2020). */
function fillDestinations(keep) {
  const date = $('#date').value || todayUtc();
  const eu = inForce(state.rules.memberships.filter((m) => m.group === 'EU'), date).map((m) => m.country);
  const select = $('#destination');
  select.replaceChildren(el('option', { value: 'US', text: 'United States' }));
  const group = el('optgroup', { label: 'European Union' });
  for (const c of eu.sort((a, b) => countryName(a).localeCompare(countryName(b)))) {
    group.append(el('option', { value: c, text: countryName(c) }));
  }
  select.append(group);
  select.value = [...select.options].some((o) => o.value === keep) ? keep : 'US';
}

/** Prices default to the destination's currency on the date, until the seller picks another. */
function syncCurrency() {
  if (state.currencyTouched) return;
  const date = $('#date').value || todayUtc();
  const dest = $('#destination').value;
  const row = inForce(state.rules.currencies_in_use, date).find((r) => r.country === dest);
  if (row) $('#currency').value = row.currency;
}

function addItem(values) {
  const node = $('#item-template').content.firstElementChild.cloneNode(true);
  for (const input of node.querySelectorAll('[data-field]')) {
    input.value = values[input.dataset.field] ?? '';
  }
  node.querySelector('.remove').addEventListener('click', () => {
    if (document.querySelectorAll('#items .item').length > 1) node.remove();
  });
  node.querySelector('[data-field="hs_code"]').addEventListener('change', tariffHints);
  $('#items').append(node);
  tariffHints();
}

/** Show each item's rate from the bundled tariff as the duty rate field's placeholder. */
function tariffHints() {
  const date = $('#date').value || todayUtc();
  const dest = $('#destination').value;
  for (const row of document.querySelectorAll('#items .item')) {
    const hs = row.querySelector('[data-field="hs_code"]').value.trim();
    const rate = row.querySelector('[data-field="duty_rate"]');
    const t = hs ? state.api.tariff(dest, hs, date) : null;
    rate.placeholder = t?.ok ? t.tariff.rate : 'from the tariff';
    rate.title = t?.ok
      ? `${t.tariff.territory} tariff ${t.tariff.revision}, line ${t.tariff.code}: ${t.tariff.rate}`
      : t ? t.errors.map((e) => e.message).join('\n') : '';
  }
}

/** The form as a Shipment document (strings only; empty optional fields left out). */
function shipmentFromForm() {
  const s = {
    date: $('#date').value,
    destination: $('#destination').value,
    currency: $('#currency').value,
    mode: $('#mode').value,
    kind: $('#kind').value,
    items: [],
  };
  const shipping = $('#shipping').value.trim();
  if (shipping) s.shipping = shipping;
  for (const row of document.querySelectorAll('#items .item')) {
    const item = {};
    for (const input of row.querySelectorAll('[data-field]')) {
      let v = input.value.trim();
      if (input.dataset.field === 'origin') v = v.toUpperCase();
      if (input.dataset.field === 'duty_rate' && /^\d+(\.\d+)?$/.test(v)) v += '%';
      if (v !== '' || ['hs_code', 'origin', 'unit_price'].includes(input.dataset.field)) item[input.dataset.field] = v;
    }
    s.items.push(item);
  }
  return s;
}

/** The form control a JSON path of the contract points at, if any. */
function controlFor(path) {
  const item = /^\$\.items\[(\d+)\]\.(\w+)/.exec(path);
  if (item) {
    const row = document.querySelectorAll('#items .item')[Number(item[1])];
    return row?.querySelector(`[data-field="${item[2]}"]`) ?? null;
  }
  const top = /^\$\.(\w+)/.exec(path);
  return top ? document.getElementById(top[1]) : null;
}

function run() {
  const { api } = state;
  for (const c of document.querySelectorAll('.invalid')) c.classList.remove('invalid');
  const shipment = shipmentFromForm();
  const started = performance.now();
  const result = api.quote(shipment);
  const took = performance.now() - started;
  document.body.dataset.firstQuoteMs ??= took.toFixed(1);
  if (!result.ok) {
    showErrors(result.errors);
    $('#status').textContent = '';
    return;
  }
  $('#errors-section').hidden = true;
  showQuote(result.quote);
  const to = shipment.date > todayUtc() ? shipment.date : todayUtc();
  const t = api.timeline(shipment, null, to);
  if (t.ok) showTimeline(t.timeline, shipment.date, to);
  else $('#timeline-section').hidden = true;
  $('#status').textContent = `quoted in ${took.toFixed(2)} ms`;
}

function showErrors(errors) {
  $('#results').hidden = true;
  $('#timeline-section').hidden = true;
  const list = $('#errors');
  list.replaceChildren();
  for (const e of errors) {
    list.append(el('li', { 'data-code': e.code }, el('strong', { text: e.path }), ` ${e.message.replace(`${e.path}: `, '')} `, el('code', { text: `(${e.code})` })));
    controlFor(e.path)?.classList.add('invalid');
  }
  $('#errors-section').hidden = false;
}

const money = (amount, currency) => `${amount} ${currency}`;

function showQuote(q) {
  const cur = q.currency;
  $('#result-title').textContent = `Quote: ${countryName(q.destination)} on ${q.date}`;
  $('#out-goods').textContent = money(q.goods_value, cur);
  $('#out-shipping').textContent = money(q.shipping, cur);
  $('#out-duty').textContent = money(q.duty, cur);
  $('#out-vat').textContent = money(q.vat.amount, cur);
  $('#out-vat-note').textContent =
    q.vat.collected === 'at_sale' ? 'collected by the seller at checkout (IOSS)' : q.vat.collected === 'at_import' ? 'collected at import' : 'none due';
  $('#out-fees').textContent = q.fees.length ? money(q.fees.map((f) => f.amount).join(' + '), cur) : 'none';
  $('#out-landed').textContent = money(q.landed_cost, cur);
  $('#out-due').textContent = `taxes and fees ${q.taxes_and_fees}; due at the border ${q.due_at_import}`;

  $('#out-regime').textContent = q.regime.name;
  $('#out-regime-basis').textContent = q.regime.legal_basis;
  const dm = $('#out-dm-applies');
  dm.textContent = q.de_minimis.applies ? 'applies' : 'does not apply';
  dm.className = `badge ${q.de_minimis.applies ? 'yes' : 'no'}`;
  $('#out-dm-reason').textContent = q.de_minimis.reason;

  const body = $('#charges tbody');
  body.replaceChildren();
  q.lines.forEach((line, i) => {
    for (const d of line.duties) {
      const what = `Duty · item ${i + 1} (HS ${line.hs_code}, ${line.origin}) · ${d.measure}${d.heading ? ` ${d.heading}` : ''}`;
      body.append(row(what, d.rate, d.base, money(d.amount, cur), d.legal_basis));
    }
  });
  const vatSteps = q.trace.filter((t) => t.step === 'vat');
  if (vatSteps.length || q.vat.collected !== 'none') {
    const basis = [...new Set(vatSteps.map((t) => t.legal_basis))].join('; ');
    const how = q.vat.collected === 'at_sale' ? 'at sale' : q.vat.collected === 'at_import' ? 'at import' : 'not collected';
    body.append(row(`VAT (${q.vat.route ?? 'import'}, ${how})`, q.vat.rate ?? 'per line', q.vat.base, money(q.vat.amount, cur), basis));
  }
  for (const f of q.fees) body.append(row(f.name, '', '', money(f.amount, cur), f.legal_basis));
  if (!body.children.length) {
    body.append(row('Nothing to pay', '', '', money(q.taxes_and_fees, cur), q.de_minimis.reason));
  }

  const warnings = $('#warnings');
  warnings.replaceChildren();
  for (const w of q.warnings) warnings.append(el('li', {}, w.message, ' ', el('code', { text: w.code })));
  $('#warnings-block').hidden = q.warnings.length === 0;

  const fx = $('#fx tbody');
  fx.replaceChildren();
  for (const f of q.fx) {
    fx.append(el('tr', {}, el('td', { text: f.from }), el('td', { text: f.to }), el('td', { class: 'num', text: f.rate }), el('td', { text: f.rate_date ?? '' }), el('td', { text: f.purpose }), el('td', { class: 'basis', text: f.source })));
  }
  $('#fx-block').hidden = q.fx.length === 0;

  const trace = $('#trace');
  trace.replaceChildren();
  for (const t of q.trace) {
    trace.append(el('li', {}, el('strong', { text: t.step }), t.rule_id ? ` [${t.rule_id}] ` : ' ', t.detail, el('br'), el('span', { class: 'muted', text: t.legal_basis })));
  }
  $('#results').hidden = false;
}

function row(what, rate, base, amount, basis) {
  return el('tr', {}, el('td', { text: what }), el('td', { text: rate }), el('td', { class: 'num', text: base }), el('td', { class: 'num', text: amount }), el('td', { class: 'basis', text: basis }));
}

// ---------------------------------------------------------------------------------------------
// The timeline chart: a step line of landed cost (and of duty + VAT + fees) from the first date
// of the rules to today, one step per rule change. Amounts become numbers only to place pixels.
// ---------------------------------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
const svgEl = (tag, attrs = {}, text) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
};
const day = (iso) => Date.parse(`${iso}T00:00:00Z`);

function niceStep(max) {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

/**
 * Pixel position of a date. `linear`: proportional to time. Otherwise each interval between two
 * changes gets a width proportional to the square root of its length, so that a decade without
 * change does not squeeze the months when everything changed.
 */
function timeScale(starts, end, left, right, linear) {
  const edges = [...starts, end];
  const widths = starts.map((s, i) => {
    const days = Math.max((edges[i + 1] - s) / 86400000, 1);
    return linear ? days : Math.sqrt(days);
  });
  const total = widths.reduce((a, b) => a + b, 0);
  const pos = [left];
  for (const w of widths) pos.push(pos[pos.length - 1] + (w / total) * (right - left));
  return (iso) => {
    const t = day(iso);
    let i = edges.findIndex((e, k) => k + 1 < edges.length && t < edges[k + 1]);
    if (i < 0) i = edges.length - 2;
    const f = Math.min(Math.max((t - edges[i]) / (edges[i + 1] - edges[i] || 1), 0), 1);
    return pos[i] + f * (pos[i + 1] - pos[i]);
  };
}

function showTimeline(entries, at, to) {
  state.timeline = [entries, at, to];
  const section = $('#timeline-section');
  section.hidden = false;
  const cur = entries[entries.length - 1]?.quote.currency ?? '';
  $('#timeline-title').textContent = `Landed cost at every rule change, ${entries[0]?.date ?? ''} to ${to} (${cur})`;
  const currencies = [...new Set(entries.map((e) => e.quote.currency))];
  $('#timeline-note').textContent =
    currencies.length > 1
      ? `The destination's currency changed (${currencies.join(' → ')}); each point is in the currency of its date.`
      : `${entries.length} states; hover a point for what changed.`;

  const W = 760, H = 260, L = 56, R = 16, T = 12, B = 28;
  const svg = $('#timeline-chart');
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', '100%');
  const x0 = day(entries[0].date), x1 = Math.max(day(to), x0 + 86400000);
  const x = timeScale(entries.map((e) => day(e.date)), x1, L, W - R, $('#time-scale').value === 'linear');
  const maxY = Math.max(...entries.map((e) => Number(e.quote.landed_cost)), 1);
  const step = niceStep(maxY);
  const top = Math.ceil((maxY * 1.08) / step) * step;
  const y = (v) => T + (1 - v / top) * (H - T - B);

  for (let v = 0; v <= top + 1e-9; v += step) {
    svg.append(svgEl('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.append(svgEl('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v.toLocaleString('en', { maximumFractionDigits: 2 })));
  }
  const firstYear = Number(entries[0].date.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  let lastLabel = -Infinity;
  for (let yr = firstYear; yr <= lastYear; yr++) {
    const iso = `${yr}-01-01`;
    if (day(iso) < x0) continue;
    svg.append(svgEl('line', { class: 'axis', x1: x(iso), x2: x(iso), y1: H - B, y2: H - B + 4 }));
    if (x(iso) - lastLabel < 30) continue;
    lastLabel = x(iso);
    svg.append(svgEl('text', { x: x(iso), y: H - B + 16, 'text-anchor': 'middle' }, String(yr)));
  }
  svg.append(svgEl('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));

  const stepPath = (value) => {
    let d = '';
    entries.forEach((e, i) => {
      const xa = x(e.date);
      const xb = i + 1 < entries.length ? x(entries[i + 1].date) : x(to);
      const ya = y(value(e.quote));
      d += i === 0 ? `M${xa},${ya}` : `V${ya}`;
      d += `H${xb}`;
    });
    return d;
  };
  svg.append(svgEl('path', { class: 'taxes', d: stepPath((q) => Number(q.taxes_and_fees)) }));
  svg.append(svgEl('path', { class: 'landed', d: stepPath((q) => Number(q.landed_cost)) }));

  if (day(at) >= x0 && day(at) <= x1) {
    svg.append(svgEl('line', { class: 'at', x1: x(at), x2: x(at), y1: T, y2: H - B }));
    const right = x(at) > W - 140;
    svg.append(svgEl('text', { x: x(at) + (right ? -4 : 4), y: T + 10, 'text-anchor': right ? 'end' : 'start' }, `quote date ${at}`));
  }
  for (const e of entries) {
    const q = e.quote;
    const c = svgEl('circle', { class: 'change', cx: x(e.date), cy: y(Number(q.landed_cost)), r: 4, 'data-date': e.date });
    c.append(svgEl('title', {}, `${e.date}: landed ${q.landed_cost} ${q.currency} (duty ${q.duty}, VAT ${q.vat.amount}, taxes and fees ${q.taxes_and_fees})\n${q.regime.name}\n${e.changes.join('\n')}`));
    svg.append(c);
  }

  const body = $('#timeline-table tbody');
  body.replaceChildren();
  for (const e of entries) {
    const q = e.quote;
    const fees = q.fees.length ? q.fees.map((f) => f.amount).join(' + ') : '—';
    const changes = e.changes.join(', ');
    const tr = el('tr', { 'data-date': e.date }, el('td', { text: e.date }), el('td', { text: q.regime.id }), el('td', { class: 'num', text: q.duty }), el('td', { class: 'num', text: q.vat.amount }), el('td', { class: 'num', text: fees }), el('td', { class: 'num', text: `${q.landed_cost} ${q.currency}` }), el('td', { class: 'basis', text: changes.length > 160 ? `${changes.slice(0, 160)}…` : changes, title: changes }));
    body.append(tr);
  }
}

main().catch((e) => {
  $('#rules-version').textContent = `could not load the engine: ${e.message}`;
  document.body.dataset.ready = 'error';
  console.error(e);
});
