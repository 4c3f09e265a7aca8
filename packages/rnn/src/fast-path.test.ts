import {
  add,
  type BackendName,
  engine,
  memory,
  mul,
  RandomStream,
  type Scalar,
  sum,
  type Tensor,
  tensor,
  tidy,
  type Variable,
  variable,
  variableGrads,
} from '@strata/core';
import {
  describeBackends,
  expectNoLeaks,
  expectTensorsClose,
  numericalGradientCheck,
  TOLERANCE,
  useTestBackend,
} from '@strata/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fastCellPlan, fastPathOptions } from './fast-path.js';
import { GRU } from './gru.js';
import { GRUCell } from './gru-cell.js';
import { LSTM } from './lstm.js';
import { LSTMCell } from './lstm-cell.js';
import { RNN, type RNNOptions } from './rnn.js';
import { SimpleRNN } from './simple-rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

const BATCH = 3;
const TIME = 5;
const FEATURES = 4;
const UNITS = 3;

/** Sample 0 unmasked; sample 1 loses its first and last steps; sample 2 a middle one. */
const MASK = [
  [1, 1, 1, 1, 1],
  [0, 1, 1, 1, 0],
  [1, 1, 0, 1, 1],
];

type AnyRNN = RNN<RNNOptions>;

interface Case {
  name: string;
  layer: () => AnyRNN;
  /** Start from given (random) initial states. */
  initial?: boolean;
  mask?: boolean;
}

const base = { units: UNITS, returnState: true } as const;

const CASES: Case[] = [
  {
    name: 'LSTM, sequences, initial states',
    layer: () => new LSTM({ ...base, returnSequences: true }),
    initial: true,
  },
  {
    name: 'LSTM, masked, backwards',
    layer: () => new LSTM({ ...base, goBackwards: true }),
    mask: true,
  },
  {
    name: 'LSTM, hardSigmoid gates, no bias, masked sequences',
    layer: () =>
      new LSTM({
        ...base,
        recurrentActivation: 'hardSigmoid',
        useBias: false,
        returnSequences: true,
      }),
    mask: true,
    initial: true,
  },
  {
    name: 'GRU resetAfter, masked, backwards, sequences, initial state',
    layer: () => new GRU({ ...base, goBackwards: true, returnSequences: true }),
    mask: true,
    initial: true,
  },
  {
    name: 'GRU resetAfter false, masked, sequences, initial state',
    layer: () => new GRU({ ...base, resetAfter: false, returnSequences: true }),
    mask: true,
    initial: true,
  },
  {
    name: 'GRU resetAfter false, backwards, last output',
    layer: () => new GRU({ ...base, resetAfter: false, goBackwards: true }),
  },
  {
    name: 'SimpleRNN, masked, sequences, initial state',
    layer: () => new SimpleRNN({ ...base, returnSequences: true }),
    mask: true,
    initial: true,
  },
  {
    name: 'SimpleRNN relu, backwards',
    layer: () => new SimpleRNN({ ...base, activation: 'relu', goBackwards: true }),
  },
  {
    name: 'LSTM relu, hardSigmoid gates, masked, last output',
    layer: () => new LSTM({ ...base, activation: 'relu', recurrentActivation: 'hardSigmoid' }),
    mask: true,
    initial: true,
  },
  {
    name: 'GRU resetAfter false, linear, hardSigmoid gates, masked, backwards',
    layer: () =>
      new GRU({
        ...base,
        resetAfter: false,
        activation: 'linear',
        recurrentActivation: 'hardSigmoid',
        goBackwards: true,
      }),
    mask: true,
  },
];

/** Fixed pseudo-random values in [lo, hi). */
function values(seedValue: number, shape: number[], lo = -1, hi = 1): Tensor {
  const rng = new RandomStream(seedValue);
  return tensor(
    rng.uniformArray(
      shape.reduce((a, b) => a * b, 1),
      lo,
      hi,
    ),
    shape,
  );
}

/** A built layer with random (non-zero) weights, bias included. */
function buildLayer(c: Case): AnyRNN {
  const layer = c.layer();
  tidy(() => {
    layer.apply(values(1, [BATCH, TIME, FEATURES]));
    for (const [i, w] of layer.weights.entries()) {
      w.variable.assign(values(10 + i, w.variable.shape, -0.6, 0.6));
    }
  });
  return layer;
}

interface Run {
  outputs: Float32Array[];
  grads: Float32Array[];
}

/**
 * The layer's outputs and the gradients of `Σ_k Σ out_k ⊙ r_k` (fixed random r_k) with
 * respect to x, the initial states and every weight, on the fast or the reference path.
 * `inputGrad` false: x a plain tensor (as a model's input), no gradient asked for it.
 */
async function runLayer(c: Case, layer: AnyRNN, fast: boolean, inputGrad = true): Promise<Run> {
  // (In tidy: the variable keeps its own copy of the values.)
  const x = inputGrad
    ? tidy(() => variable(values(2, [BATCH, TIME, FEATURES]), true))
    : values(2, [BATCH, TIME, FEATURES]);
  const names = layer.cell.stateNames;
  const states = c.initial
    ? names.map((_, i) => tidy(() => variable(values(3 + i, [BATCH, UNITS], -0.5, 0.5), true)))
    : [];
  const mask = c.mask ? tensor(MASK) : null;
  const apply = () => {
    const named: Record<string, Tensor> = { inputs: x };
    for (const [i, s] of states.entries()) named[names[i]] = s;
    if (mask != null) named.mask = mask;
    return layer.apply(named) as Tensor[];
  };
  RNN.fastPath = fast;
  try {
    const outs = apply();
    const outputs = await Promise.all(outs.map(async (o) => (await o.data()) as Float32Array));
    const shapes = outs.map((o) => o.shape);
    for (const o of outs) o.dispose();
    const vars: Variable[] = [
      ...(inputGrad ? [x as Variable] : []),
      ...states,
      ...layer.weights.map((w) => w.variable),
    ];
    const { value, grads } = variableGrads(
      () =>
        tidy(() => {
          const ys = apply();
          return ys
            .map((y, k) => sum(mul(y, values(20 + k, shapes[k], 0.5, 1.5))))
            .reduce((a, b) => add(a, b) as Scalar) as Scalar;
        }),
      vars,
    );
    value.dispose();
    const g: Float32Array[] = [];
    for (const v of vars) {
      g.push((await grads[v.name].data()) as Float32Array);
      grads[v.name].dispose();
    }
    return { outputs, grads: g };
  } finally {
    RNN.fastPath = true;
    x.dispose();
    for (const s of states) s.dispose();
    mask?.dispose();
  }
}

describe('fast path plan', () => {
  beforeAll(async () => {
    await useTestBackend('cpu');
  });

  it('covers LSTM, GRU and SimpleRNN cells with gradient-from-output activations only', () => {
    const plan = (cell: LSTMCell | GRUCell | SimpleRNNCell) => {
      cell.apply([tensor([[1, 2]]), ...cell.stateSize.map(() => tensor([[0, 0]]))]);
      return fastCellPlan(cell)?.kind ?? null;
    };
    expect(plan(new LSTMCell({ units: 2 }))).toBe('lstm');
    expect(plan(new GRUCell({ units: 2 }))).toBe('gruResetAfter');
    expect(plan(new GRUCell({ units: 2, resetAfter: false }))).toBe('gru');
    expect(plan(new SimpleRNNCell({ units: 2, activation: 'linear' }))).toBe('simple');
    expect(plan(new SimpleRNNCell({ units: 2, activation: 'selu' }))).toBeNull();
    expect(plan(new LSTMCell({ units: 2, recurrentActivation: 'softsign' }))).toBeNull();
  });
});

describeBackends('fused sequence fast path vs the per-step reference', (backend: BackendName) => {
  const tol = {
    atol: Math.max(2e-5, 10 * TOLERANCE[backend].atol),
    rtol: Math.max(1e-4, 10 * TOLERANCE[backend].rtol),
  };
  afterEach(() => {
    RNN.fastPath = true;
  });

  // On cpu and wasm, both forms of the per-step arithmetic: typed arrays and ops; on wasm,
  // the typed arrays also with the step ops through the engine, with the unmerged LSTM step
  // and with the weight-gradient products over chunks of a few rows (the last one shorter).
  // Every form also with no gradient asked for x (a model's input: its thunk never runs).
  const defaults = { ...fastPathOptions };
  const forms: { label: string; options: Partial<typeof fastPathOptions>; inputGrad?: boolean }[] =
    [
      { label: '', options: {} },
      { label: ' (no input gradient)', options: {}, inputGrad: false },
    ];
  if (backend === 'cpu' || backend === 'wasm') {
    forms.push({ label: ' (ops form)', options: { typedArrays: false } });
    forms.push({
      label: ' (ops form, no input gradient)',
      options: { typedArrays: false },
      inputGrad: false,
    });
  }
  if (backend === 'wasm') {
    forms.push({ label: ' (engine step ops)', options: { wasmHeap: false } });
    forms.push({ label: ' (no heap inference)', options: { heapInference: false } });
    forms.push({ label: ' (no heap training)', options: { heapTraining: false } });
    // GRU resetAfter projects x·W_h 2 steps at a time (the last chunk of 5 steps partial).
    forms.push({
      label: ' (chunked projection)',
      options: { projectionChunkFloats: 2 * BATCH * UNITS },
    });
    forms.push({ label: ' (unmerged step)', options: { mergedStep: false } });
    forms.push({
      label: ' (chunked weight gradients)',
      options: { gradChunkFloats: 2 * 4 * UNITS },
    });
  }
  for (const { label, options, inputGrad } of forms) {
    for (const c of CASES) {
      if (label === ' (unmerged step)' && !c.name.startsWith('LSTM')) continue;
      if (label === ' (chunked projection)' && !c.name.startsWith('GRU resetAfter,')) continue;
      it(`${c.name}${label}: outputs, final states and every gradient agree`, async () => {
        Object.assign(fastPathOptions, options);
        try {
          const layer = buildLayer(c);
          const fast = await runLayer(c, layer, true, inputGrad);
          const reference = await runLayer(c, layer, false, inputGrad);
          expect(fast.outputs.length).toBe(reference.outputs.length);
          for (const [i, out] of fast.outputs.entries()) {
            await expectTensorsClose(out, reference.outputs[i], tol);
          }
          expect(fast.grads.length).toBe(reference.grads.length);
          for (const [i, g] of fast.grads.entries()) {
            await expectTensorsClose(g, reference.grads[i], tol);
          }
          layer.dispose();
        } finally {
          Object.assign(fastPathOptions, defaults);
        }
      });
    }
  }

  it('batch 1, a longer sequence: inference of each cell agrees with the reference', async () => {
    const make = [
      () => new LSTM({ units: 5, returnSequences: true, returnState: true }),
      () => new GRU({ units: 5, resetAfter: false, returnSequences: true, goBackwards: true }),
      () => new SimpleRNN({ units: 5, returnState: true }),
      () => new GRU({ units: 5, returnSequences: true, returnState: true }),
      () =>
        new GRU({
          units: 5,
          activation: 'relu',
          recurrentActivation: 'hardSigmoid',
          goBackwards: true,
        }),
    ];
    const x = values(4, [1, 17, 6]);
    for (const m of make) {
      const layer = m();
      layer.apply(x);
      const run = async (fast: boolean) => {
        RNN.fastPath = fast;
        const outs = [layer.apply(x)].flat() as Tensor[];
        RNN.fastPath = true;
        const data = await Promise.all(outs.map((o) => o.data()));
        for (const o of outs) o.dispose();
        return data;
      };
      const reference = await run(false);
      const fast = await run(true);
      for (const [i, out] of fast.entries()) await expectTensorsClose(out, reference[i], tol);
      layer.dispose();
    }
    x.dispose();
  });

  it('leaks no tensors, forward and backward', async () => {
    const c = CASES[0];
    const layer = buildLayer(c);
    await runLayer(c, layer, true); // warm up (lazy kernels, caches)
    await expectNoLeaks(() => runLayer(c, layer, false));
    await expectNoLeaks(() => runLayer(c, layer, true));
    await expectNoLeaks(() => runLayer(c, layer, true, false));
    const gru = buildLayer(CASES[4]);
    await runLayer(CASES[4], gru, true);
    await expectNoLeaks(() => runLayer(CASES[4], gru, true));
    fastPathOptions.typedArrays = false;
    try {
      await runLayer(c, layer, true);
      await expectNoLeaks(() => runLayer(c, layer, true));
      await expectNoLeaks(() => runLayer(CASES[4], gru, true));
    } finally {
      fastPathOptions.typedArrays = true;
    }
    layer.dispose();
    gru.dispose();
  });

  it('frees every backend buffer it allocates (wasm: its heap temporaries), forward and backward', async () => {
    for (const c of [CASES[0], CASES[3], CASES[4], CASES[6]]) {
      const layer = buildLayer(c);
      await runLayer(c, layer, true); // warm up
      // The backend's own count: buffers made outside the engine (heap temporaries) too.
      const ids = () => engine().backend.numDataIds();
      const before = { ids: ids(), bytes: memory().numBytes };
      await runLayer(c, layer, true);
      expect(ids(), c.name).toBe(before.ids);
      expect(memory().numBytes, c.name).toBe(before.bytes);
      layer.dispose();
    }
  });
});

describe('fast path (cpu)', () => {
  beforeAll(async () => {
    await useTestBackend('cpu');
  });

  for (const c of [CASES[1], CASES[3], CASES[4], CASES[6]]) {
    it(`${c.name}: gradients match central differences`, async () => {
      const layer = buildLayer(c);
      const mask = c.mask ? tensor(MASK) : null;
      const x = values(2, [BATCH, TIME, FEATURES]);
      const report = await numericalGradientCheck(
        (input) => {
          const out = layer.apply(mask == null ? input : { inputs: input, mask }) as Tensor[];
          return out[0];
        },
        [x],
        { variables: layer.weights.map((w) => w.variable), epsilon: 1e-2 },
      );
      expect(report.maxError).toBeLessThan(2e-2);
      layer.dispose();
    });
  }

  it('projects the inputs a chunk of steps at a time with the same result', async () => {
    for (const c of [CASES[1], CASES[3], CASES[4], CASES[6]]) {
      const layer = buildLayer(c);
      const whole = await runLayer(c, layer, true);
      fastPathOptions.projectionChunkFloats = 2 * BATCH * 4 * UNITS; // 2 steps: LSTM, GRU
      try {
        const chunked = await runLayer(c, layer, true);
        for (const [i, out] of chunked.outputs.entries()) {
          await expectTensorsClose(out, whole.outputs[i], { atol: 1e-6 });
        }
        for (const [i, g] of chunked.grads.entries()) {
          await expectTensorsClose(g, whole.grads[i], { atol: 1e-6 });
        }
      } finally {
        fastPathOptions.projectionChunkFloats = 262_144;
      }
      layer.dispose();
    }
  });

  it('stateful: carries the final states into the next call as the reference does', async () => {
    const make = () => new LSTM({ units: UNITS, stateful: true, returnSequences: true });
    const fast = make();
    const reference = make();
    const x = values(2, [BATCH, TIME, FEATURES]);
    fast.apply(x);
    reference.apply(x);
    reference.setWeights(fast.getWeights());
    for (const l of [fast, reference]) l.resetStates();
    const calls = async (layer: LSTM, useFast: boolean) => {
      RNN.fastPath = useFast;
      layer.apply(x);
      const second = layer.apply(x) as Tensor;
      RNN.fastPath = true;
      return second.data();
    };
    await expectTensorsClose(await calls(fast, true), await calls(reference, false), {
      atol: 1e-5,
    });
  });

  it('applies the input dropout mask of the reference path while training', async () => {
    const layer = new GRU({ units: UNITS, dropout: 0.5, returnSequences: true });
    const x = values(2, [BATCH, TIME, FEATURES]);
    const run = async (fast: boolean) => {
      RNN.fastPath = fast;
      const y = layer.apply(x, { training: true, rng: new RandomStream(5) }) as Tensor;
      RNN.fastPath = true;
      return y.data();
    };
    const reference = await run(false);
    await expectTensorsClose(await run(true), reference, { atol: 1e-5 });
  });
});
