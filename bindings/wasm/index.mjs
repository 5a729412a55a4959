// ES module entry of the `deminimis` package for Node: import { quote } from 'deminimis'.
// It re-exports the CommonJS entry, so `import` and `require` share one module instance (and one
// set of loaded rules).
import cjs from './index.cjs';

export const {
  quote,
  quoteJson,
  compare,
  timeline,
  tariff,
  rulesVersion,
  loadRules,
  resetRules,
  bundledRules,
} = cjs;
export default cjs.default;
