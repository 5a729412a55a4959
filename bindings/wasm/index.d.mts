// Type declarations of the ES module entry (index.mjs); the types themselves are in index.d.ts.
import type { Deminimis } from './index.js';

export * from './index.js';
declare const deminimis: Deminimis;
export default deminimis;
