export { BACKENDS_HERE, inBrowser, referenceOnCpu, TOLERANCE, useTestBackend } from './backends.js';
export { type DescribeBackendsOptions, describeBackends } from './describe-backends.js';
export { expectNoLeaks, expectTensorsClose, maxAbsDiff, type Tolerance } from './expect-tensors.js';
export {
  type GradientCheckOptions,
  type GradientCheckReport,
  numericalGradientCheck,
} from './numerical-gradient-check.js';
export { type TestableLayer, type TestLayerSpec, testLayer } from './test-layer.js';
