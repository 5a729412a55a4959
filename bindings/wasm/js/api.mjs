// The JavaScript face of the deminimis WebAssembly module, shared by the Node entries (index.cjs,
// index.mjs) and the browser entry (web.mjs). It holds no rule and does no arithmetic: inputs go
// to the module as JSON text (JSON.stringify), results come back as the module's JSON text
// (JSON.parse), so every amount is the string the Rust core wrote. The one thing done here and not
// in Rust is reading the clock: the default end of a timeline is today's date (UTC).
//
// build.sh turns this file into pkg/api.cjs for CommonJS; keep its single `export`.

export function createApi(raw) {
  // A JSON document given as an object (stringified) or already as JSON text.
  function toText(value) {
    if (typeof value === 'string') return { text: value };
    let bad;
    try {
      bad = notJson(value, []);
    } catch (e) {
      // A toJSON() or getter that throws, or nesting deeper than the call stack: the value has no
      // JSON text, and the answer is a result, not a throw.
      return { error: failure('invalid_json', '$', `$: expected a JSON document, found a value that cannot be read as one (${e.message})`) };
    }
    if (bad) {
      const path = `$${bad.at.reverse().join('')}`;
      const expected = bad.expected ?? 'a JSON value (string, number, boolean, null, object or array)';
      return { error: failure('invalid_value', path, `${path}: expected ${expected}, found ${bad.found}`) };
    }
    try {
      const text = JSON.stringify(value);
      return { text: text === undefined ? 'null' : text };
    } catch (e) {
      return { error: failure('invalid_json', '$', `$: expected a JSON document, found a value JSON.stringify rejects (${e.message})`) };
    }
  }

  // The first value JSON.stringify would change without a word, with its path: it leaves out a
  // member whose value is a function or a symbol (the field would then take the contract's
  // default) and writes NaN and ±Infinity as null; a BigInt makes it throw, with no path. A member
  // that is `undefined` is left out, as JSON.stringify does: JavaScript's "not given". A string
  // with a lone surrogate has no UTF-8 form (the core would see a bad escape).
  // Paths are put together only for a value found wrong (`at` collects its steps, innermost
  // first), so a good document costs one walk and no strings.
  function notJson(value, ancestors) {
    if (value !== null && typeof value === 'object' && typeof value.toJSON === 'function') {
      value = value.toJSON();
    }
    switch (typeof value) {
      case 'function':
        return { at: [], found: 'a function' };
      case 'symbol':
        return { at: [], found: 'a symbol' };
      case 'bigint':
        return { at: [], found: `the BigInt ${value}n (write amounts as decimal strings, e.g. "${value}")` };
      case 'number':
        return Number.isFinite(value) ? null : { at: [], found: `the number ${value}` };
      case 'string':
        return lonelySurrogate(value) ? unencodable(value) : null;
      case 'object': {
        // A cycle is left to JSON.stringify, which refuses it.
        if (value === null || ancestors.includes(value)) return null;
        ancestors.push(value);
        try {
          if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
              const bad = notJson(value[i], ancestors);
              if (bad) return (bad.at.push(`[${i}]`), bad);
            }
          } else {
            for (const key of Object.keys(value)) {
              if (lonelySurrogate(key)) return unencodable(key);
              const bad = notJson(value[key], ancestors);
              if (bad) return (bad.at.push(`.${key}`), bad);
            }
          }
        } finally {
          ancestors.pop();
        }
        return null;
      }
      default:
        return null;
    }
  }

  function lonelySurrogate(text) {
    return typeof text.isWellFormed === 'function' ? !text.isWellFormed() : /\p{Cs}/u.test(text);
  }

  function unencodable(text) {
    return { at: [], expected: 'text that UTF-8 can encode', found: `${JSON.stringify(text)} (a lone surrogate)` };
  }

  function failure(code, path, message) {
    return { ok: false, errors: [{ code, path, message }] };
  }

  // A date argument as JSON text (`null` when absent); the module checks it and names its path.
  function dateText(value) {
    try {
      return JSON.stringify(value ?? null) ?? 'null';
    } catch {
      return JSON.stringify(String(value));
    }
  }

  function todayUtc() {
    return new Date().toISOString().slice(0, 10);
  }

  function call(fn, ...texts) {
    return JSON.parse(fn(...texts));
  }

  const api = {
    /** Quote a shipment with the active rules. */
    quote(shipment) {
      const s = toText(shipment);
      if (s.error) return s.error;
      return call(raw.quoteJson, s.text);
    },

    /** The same quote as JSON text, exactly as the Rust core serialized it (`{"ok":…}`). */
    quoteJson(shipment) {
      const s = toText(shipment);
      if (s.error) return JSON.stringify(s.error);
      return raw.quoteJson(s.text);
    },

    /** Quote a shipment at each date (`YYYY-MM-DD` strings). */
    compare(shipment, dates) {
      const s = toText(shipment);
      if (s.error) return s.error;
      const d = toText(dates === undefined ? null : dates);
      if (d.error) return d.error;
      return call(raw.compareJson, s.text, d.text);
    },

    /**
     * Every date from `from` (default: where the rules start) to `to` (default: today, UTC) at
     * which a rule touching the shipment changes, each with its quote.
     */
    timeline(shipment, from, to) {
      const s = toText(shipment);
      if (s.error) return s.error;
      return call(raw.timelineJson, s.text, dateText(from), dateText(to ?? todayUtc()));
    },

    /** The ordinary duty rate of an HS code in the destination's bundled tariff on a date. */
    tariff(destination, hsCode, date) {
      return call(raw.tariffJson, String(destination), String(hsCode), String(date));
    },

    /** The version of the active rules (every quote carries it as `rules_version`). */
    rulesVersion() {
      return raw.rulesVersion();
    },

    /** Validate a rule document (object or JSON text) and make it the active rules. */
    loadRules(rules) {
      const r = toText(rules);
      if (r.error) return r.error;
      return call(raw.loadRulesJson, r.text);
    },

    /** Go back to the bundled rules; returns their version. */
    resetRules() {
      return raw.resetRules();
    },

    /** The bundled rule document as JSON text (a starting point for `loadRules`). */
    bundledRules() {
      return raw.bundledRulesJson();
    },
  };
  return Object.freeze(api);
}
