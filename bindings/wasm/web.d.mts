// Type declarations of the browser entry `deminimis/web` (web.mjs, an ES module).
import type { Deminimis } from './index.js';

export type * from './index.js';

/**
 * Fetch and instantiate the WebAssembly module once; resolves to the API. `moduleOrPath` is
 * optional (default: pkg/web/deminimis_wasm_bg.wasm next to web.mjs).
 */
export declare function load(
  moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<Deminimis>;
export default load;
