// Browser entry of the `deminimis` package: import load from 'deminimis/web'.
// The module is fetched and instantiated by `await load()` (wasm-bindgen --target web, in
// pkg/web); it resolves to the same API as the Node entries.
import init, * as raw from './pkg/web/deminimis_wasm.js';
import { createApi } from './js/api.mjs';

let ready;

/**
 * Fetch and instantiate the module once; resolves to the API. `moduleOrPath` is optional: a URL,
 * a Response, bytes or a WebAssembly.Module (default: pkg/web/deminimis_wasm_bg.wasm next to
 * this file).
 */
export function load(moduleOrPath) {
  ready ??= init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(
    () => createApi(raw),
  );
  return ready;
}

export default load;
