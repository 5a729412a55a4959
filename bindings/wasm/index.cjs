// CommonJS entry of the `deminimis` package for Node: require('deminimis').
// Loads the WebAssembly module synchronously (wasm-bindgen --target nodejs, in pkg/node).
'use strict';
const raw = require('./pkg/node/deminimis_wasm.js');
const { createApi } = require('./pkg/api.cjs');

const api = createApi(raw);
// Named functions, plus `default` so that TypeScript's `import d from 'deminimis'` holds too.
module.exports = Object.freeze({ ...api, default: api });
