import { add, concat, mul, reshape, reverse, type Tensor, tensor, useBackend } from '@strata/core';
import { Dense, type Layer, modelFromArtifacts, saveToMemory, sequential } from '@strata/layers';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bidirectional, type MergeMode } from './bidirectional.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { registry } from './registry.js';
import { SimpleRNN } from './simple-rnn.js';
import { TimeDistributed } from './time-distributed.js';

// SwiftShader's WebGPU (software, in CI) runs this per-step reference path's numerical
// gradient check past the 120 s test timeout and then loses the device for the suites after
// it; the same checks run on WebGL, wasm and cpu.
const SLOW_WEBGPU = {
  webgpu: 'per-step RNN gradient checks exceed the timeout on software WebGPU (SwiftShader)',
};

/**
 * The harness round-trips configs through JSON; a wrapper's `layer` is a Layer, so these
 * test subclasses write it as the file does, `{className, config}`, and read it back.
 */
const classes: Record<string, new (c: never) => Layer> = { LSTM, GRU, SimpleRNN, Dense };
const inner = (l: unknown): Layer => {
  const s = l as { className: string; config: object } | Layer;
  return 'className' in s && 'config' in s && !('weights' in s)
    ? new classes[s.className](s.config as never)
    : (s as Layer);
};
const asFile = (l: Layer) => ({ className: l.className, config: l.getConfig() });
class JsonBidirectional extends Bidirectional {
  override getConfig() {
    return { ...super.getConfig(), layer: asFile(super.getConfig().layer) as never };
  }
}
class JsonTimeDistributed extends TimeDistributed {
  override getConfig() {
    return { ...super.getConfig(), layer: asFile(super.getConfig().layer) as never };
  }
}

testLayer('Bidirectional(LSTM), concat', {
  create: (c) => new JsonBidirectional({ ...c, layer: inner(c.layer) } as never),
  config: { layer: new LSTM({ units: 3, returnSequences: true, name: 'lstm_bi' }) },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 6],
  exclude: SLOW_WEBGPU,
});

testLayer('Bidirectional(GRU), ave', {
  create: (c) => new JsonBidirectional({ ...c, layer: inner(c.layer) } as never),
  config: { layer: new GRU({ units: 3, name: 'gru_bi' }), mergeMode: 'ave' },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3],
  exclude: SLOW_WEBGPU,
});

testLayer('TimeDistributed(Dense)', {
  create: (c) => new JsonTimeDistributed({ ...c, layer: inner(c.layer) } as never),
  config: { layer: new Dense({ units: 3, activation: 'tanh', name: 'dense_td' }) },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 3],
  exclude: SLOW_WEBGPU,
});

const sequence = () =>
  tensor(
    Array.from({ length: 24 }, (_, i) => Math.cos(i * 0.9)),
    [2, 3, 4],
  );

describe('Bidirectional', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const modes: MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];
  for (const mergeMode of modes) {
    it(`merges the forward and the re-reversed backward outputs (${mergeMode})`, async () => {
      const x = sequence();
      const bi = new Bidirectional({
        layer: new SimpleRNN({ units: 3, returnSequences: true }),
        mergeMode,
      });
      const y = bi.apply(x);
      const fwd = new SimpleRNN({ units: 3, returnSequences: true });
      const bwd = new SimpleRNN({ units: 3, returnSequences: true, goBackwards: true });
      fwd.apply(x);
      bwd.apply(x);
      const w = bi.getWeights();
      fwd.setWeights(w.slice(0, 3));
      bwd.setWeights(w.slice(3));
      const f = fwd.apply(x) as Tensor;
      const b = reverse(bwd.apply(x) as Tensor, 1);
      const expected = {
        concat: () => [concat([f, b], -1)],
        sum: () => [add(f, b)],
        mul: () => [mul(f, b)],
        ave: () => [mul(add(f, b), 0.5)],
        null: () => [f, b],
      }[String(mergeMode) as 'concat'];
      const got = Array.isArray(y) ? y : [y];
      const want = expected();
      expect(got.length).toBe(want.length);
      for (const [i, t] of got.entries()) {
        expect(t.shape).toEqual(want[i].shape);
        await expectTensorsClose(t, await want[i].data(), { atol: 1e-6 });
      }
    });
  }

  it('returns the forward then the backward states with returnState', () => {
    const bi = new Bidirectional({ layer: new LSTM({ units: 2, returnState: true }) });
    const out = bi.apply(sequence()) as Tensor[];
    expect(out.map((t) => t.shape)).toEqual([[2, 4], ...Array(4).fill([2, 2])]);
    expect(bi.computeOutputShape([null, 3, 4])).toEqual([[null, 4], ...Array(4).fill([null, 2])]);
  });

  it('saves as tfjs-layers does and loads back', async () => {
    const m = sequential([
      new Bidirectional({
        name: 'bi',
        layer: new LSTM({ units: 2, returnSequences: true, name: 'enc' }),
        inputShape: [3, 4],
      }),
      new TimeDistributed({ name: 'td', layer: new Dense({ units: 2, name: 'proj' }) }),
    ]);
    const x = sequence();
    const y = await (m.predict(x) as Tensor).data();
    const artifacts = await saveToMemory(m);
    expect((artifacts.weightSpecs ?? []).map((s) => s.name)).toEqual([
      'bi/forward_enc/kernel',
      'bi/forward_enc/recurrent_kernel',
      'bi/forward_enc/bias',
      'bi/backward_enc/kernel',
      'bi/backward_enc/recurrent_kernel',
      'bi/backward_enc/bias',
      'td/kernel',
      'td/bias',
    ]);
    const loaded = modelFromArtifacts(artifacts, { registries: [registry] });
    await expectTensorsClose(loaded.predict(x) as Tensor, y, { atol: 0, rtol: 0 });
  });

  it('refuses a layer that is not recurrent and an unknown merge mode', () => {
    expect(() => new Bidirectional({ layer: new Dense({ units: 2 }) as never })).toThrow(
      /expected a recurrent layer/,
    );
    expect(
      () => new Bidirectional({ layer: new GRU({ units: 2 }), mergeMode: 'max' as never }),
    ).toThrow(/mergeMode one of concat, sum, mul, ave, null/);
  });
});

describe('TimeDistributed', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('equals the wrapped Dense on the merged [batch·time] axis', async () => {
    const x = sequence();
    const td = new TimeDistributed({ layer: new Dense({ units: 5, activation: 'relu' }) });
    const y = td.apply(x) as Tensor;
    expect(y.shape).toEqual([2, 3, 5]);
    const dense = td.layer as Dense;
    const flat = dense.apply(reshape(x, [6, 4])) as Tensor;
    await expectTensorsClose(y, await flat.data(), { atol: 0, rtol: 0 });
    expect(td.weights.map((w) => w.path)).toEqual([`${td.name}/kernel`, `${td.name}/bias`]);
  });
});
