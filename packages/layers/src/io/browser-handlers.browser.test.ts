import { io, SerializationError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { sequential } from '../models/sequential.js';
import { loadModel } from './load-model.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function mlp() {
  return sequential([
    new Dense({ units: 4, inputShape: [3], activation: 'relu' }),
    new Dense({ units: 2 }),
  ]);
}

describe('tfjs IO handlers in the browser', () => {
  it.each(['indexeddb://strata-io-test', 'localstorage://strata-io-test'])(
    'saves to and loads from %s',
    async (url) => {
      const m = mlp();
      const result = await m.save(url);
      expect(result.modelArtifactsInfo.weightDataBytes).toBe(4 * m.countParams());
      const copy = await loadModel(url);
      const x = tensor([[1, -2, 3]]);
      await expectTensorsClose(copy.predict(x) as Tensor, m.predict(x) as Tensor, { atol: 0 });
      for (const t of [x, m, copy]) t.dispose();
      await io.removeModel(url);
    },
  );

  it('refuses a plain path to save to, which only Node can write', async () => {
    const m = mlp();
    const error = await m.save('models/mlp').catch((e) => e);
    expect(error).toBeInstanceOf(SerializationError);
    expect(error.message).toMatch(
      /<Location 'models\/mlp'>: expected one tfjs IO handler to save it/,
    );
    m.dispose();
  });
});
