import { strataVitestConfig } from '../../tooling/test-utils/src/vitest-config.js';

export default strataVitestConfig();
