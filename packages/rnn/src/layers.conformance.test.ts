import { testLayer } from '@strata/test-utils';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { SimpleRNN } from './simple-rnn.js';

// SwiftShader's WebGPU (software, in CI) runs this per-step reference path's numerical
// gradient check past the 120 s test timeout and then loses the device for the suites after
// it; the same checks run on WebGL, wasm and cpu.
const SLOW_WEBGPU = {
  webgpu: 'per-step RNN gradient checks exceed the timeout on software WebGPU (SwiftShader)',
};

// batch 2, time 3, features 4, units 3; gradients checked through every step (BPTT).
testLayer('SimpleRNN', {
  create: (c) => new SimpleRNN(c as never),
  config: { units: 3 },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3],
  exclude: SLOW_WEBGPU,
});

testLayer('LSTM with returnSequences', {
  create: (c) => new LSTM(c as never),
  config: { units: 3, returnSequences: true },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 3],
  exclude: SLOW_WEBGPU,
});

testLayer('GRU going backwards, with returnState', {
  create: (c) => new GRU(c as never),
  config: { units: 3, goBackwards: true, returnState: true },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3],
  exclude: SLOW_WEBGPU,
});

testLayer('GRU with resetAfter false', {
  create: (c) => new GRU(c as never),
  config: { units: 3, resetAfter: false, returnSequences: true },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 3],
  exclude: SLOW_WEBGPU,
});
