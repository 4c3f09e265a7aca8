import { seed, train, useBackend } from '@strata/core';
import { Dataset, moons } from '@strata/datasets';
import { Dense, sequential } from '@strata/layers';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('cpu');
});

// The two packages meet here: fit takes a batched Dataset of {xs, ys} directly.
it('fit trains on a batched, shuffled Dataset and evaluate reads one', async () => {
  const data = moons({ n: 400, noise: 0.1, seed: 3 });
  const rows = Array.from({ length: data.count }, (_, i) => ({
    xs: [data.features[2 * i], data.features[2 * i + 1]],
    ys: [data.labels[i]],
  }));
  seed(4);
  const model = sequential([
    new Dense({ units: 16, activation: 'relu', inputShape: [2] }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ]);
  model.compile({ optimizer: train.adam(0.03), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const batches = Dataset.fromArray(rows).shuffle(400, { seed: 5 }).batch(32);
  const history = await model.fit(batches, { epochs: 30, verbose: 0 });
  expect(history.history.loss[29]).toBeLessThan(history.history.loss[0]);
  const logs = await model.evaluate(Dataset.fromArray(rows).batch(100));
  expect(logs.accuracy).toBeGreaterThan(0.85);
  model.dispose();
});
