import { strataVitestConfig } from './src/vitest-config.js';

export default strataVitestConfig();
