import {
  type BackendName,
  grad,
  type Scalar,
  sigmoid,
  softmax,
  type Tensor,
  tensor,
} from '@strata/core';
import {
  describeBackends,
  expectNoLeaks,
  expectTensorsClose,
  numericalGradientCheck,
  referenceOnCpu,
  TOLERANCE,
} from '@strata/test-utils';
import { expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { klDivergence } from './kl-divergence.js';
import type { Loss } from './loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';

/** One loss on small inputs, kept ≥ 0.05 away from kinks so central differences apply. */
interface Case {
  label: string;
  loss: () => Loss;
  yTrue: () => Tensor;
  yPred: () => Tensor;
}

const regression = {
  yTrue: [
    [0.2, -1, 0.5],
    [1.5, 0.3, -0.7],
  ],
  yPred: [
    [0.9, -0.4, 0.1],
    [0.2, 0.35, 1.2],
  ],
};
const binaryLabels = [
  [0, 1, 1],
  [1, 0, 0],
];
const probabilities = [
  [0.2, 0.7, 0.9],
  [0.6, 0.3, 0.05],
];
const logits = [
  [-1.5, 0.3, 2],
  [0.7, -0.2, -3],
];
const oneHot = [
  [0, 1, 0],
  [0, 0, 1],
];
const distributions = [
  [0.2, 0.5, 0.3],
  [0.1, 0.3, 0.6],
];
const f = (values: number[][]) => () => tensor(values);

const CASES: Case[] = [
  {
    label: 'meanSquaredError',
    loss: () => meanSquaredError(),
    yTrue: f(regression.yTrue),
    yPred: f(regression.yPred),
  },
  {
    label: 'meanAbsoluteError',
    loss: () => meanAbsoluteError(),
    yTrue: f(regression.yTrue),
    yPred: f(regression.yPred),
  },
  { label: 'huber', loss: () => huber(), yTrue: f(regression.yTrue), yPred: f(regression.yPred) },
  {
    label: 'binaryCrossentropy',
    loss: () => binaryCrossentropy(),
    yTrue: f(binaryLabels),
    yPred: f(probabilities),
  },
  {
    label: 'binaryCrossentropy fromLogits, smoothed',
    loss: () => binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
    yTrue: f(binaryLabels),
    yPred: f(logits),
  },
  {
    label: 'categoricalCrossentropy',
    loss: () => categoricalCrossentropy(),
    yTrue: f(oneHot),
    yPred: f(distributions),
  },
  {
    label: 'categoricalCrossentropy fromLogits, smoothed',
    loss: () => categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
    yTrue: f(oneHot),
    yPred: f(logits),
  },
  {
    label: 'sparseCategoricalCrossentropy',
    loss: () => sparseCategoricalCrossentropy(),
    yTrue: () => tensor([1, 2], [2], 'int32'),
    yPred: f(distributions),
  },
  {
    label: 'sparseCategoricalCrossentropy fromLogits',
    loss: () => sparseCategoricalCrossentropy({ fromLogits: true }),
    yTrue: () => tensor([[1], [0]]),
    yPred: f(logits),
  },
  {
    label: 'hinge',
    loss: () => hinge(),
    yTrue: f([
      [-1, 1, 1],
      [1, -1, -1],
    ]),
    yPred: f([
      [0.3, 0.4, -0.5],
      [2, -0.2, 0.6],
    ]),
  },
  {
    label: 'hinge on {0, 1} labels',
    loss: () => hinge(),
    yTrue: f(binaryLabels),
    yPred: f(logits),
  },
  {
    label: 'squaredHinge',
    loss: () => squaredHinge(),
    yTrue: f(binaryLabels),
    yPred: f([
      [0.3, 0.4, -0.5],
      [2, -0.2, 0.6],
    ]),
  },
  {
    label: 'klDivergence',
    loss: () => klDivergence(),
    yTrue: f([
      [0.2, 0.5, 0.3],
      [0.1, 0.1, 0.8],
    ]),
    yPred: f(distributions),
  },
  {
    label: 'cosineSimilarity',
    loss: () => cosineSimilarity(),
    yTrue: f([
      [1, 2, 3],
      [-1, 0.5, 2],
    ]),
    yPred: f([
      [0.5, -1, 2],
      [1, 1, 1],
    ]),
  },
];

/** The gradient of the weighted mean with respect to yPred, as a training step takes it. */
function gradient(loss: Loss, yTrue: Tensor, yPred: Tensor): Tensor {
  return grad((p: Tensor) => loss.compute(yTrue, p) as Scalar)(yPred);
}

function tolerance(backend: BackendName, floor = 0) {
  const { atol, rtol } = TOLERANCE[backend];
  return { atol: Math.max(atol, floor), rtol: Math.max(rtol, floor) };
}

describeBackends('losses', (backend) => {
  for (const c of CASES) {
    it(`${c.label}: per-sample values and gradient agree with cpu`, async () => {
      const [values, grads] = await referenceOnCpu(() => {
        const loss = c.loss();
        return [loss.perSample(c.yTrue(), c.yPred()), gradient(loss, c.yTrue(), c.yPred())];
      });
      const loss = c.loss();
      const yTrue = c.yTrue();
      const yPred = c.yPred();
      const out = loss.perSample(yTrue, yPred);
      expect(out.shape).toEqual([2]);
      await expectTensorsClose(out, values, tolerance(backend));
      await expectTensorsClose(gradient(loss, yTrue, yPred), grads, tolerance(backend));
    });

    it(`${c.label}: gradient with respect to yPred matches central differences`, async () => {
      const loss = c.loss();
      const yTrue = c.yTrue();
      await numericalGradientCheck((p) => loss.perSample(yTrue, p), [c.yPred()]);
    });

    it(`${c.label}: leaks no tensors`, async () => {
      const loss = c.loss();
      const [yTrue, yPred, weight] = [c.yTrue(), c.yPred(), tensor([0.25, 1])];
      await expectNoLeaks(async () => {
        loss.perSample(yTrue, yPred).dispose();
        const value = loss.compute(yTrue, yPred, weight);
        await value.data();
        value.dispose();
        gradient(loss, yTrue, yPred).dispose();
      });
    });
  }

  it('binary cross-entropy from logits is finite and exact at ±100', async () => {
    const loss = binaryCrossentropy({ fromLogits: true });
    const yTrue = tensor([[1], [0], [1], [0]]);
    const x = tensor([[100], [-100], [-100], [100]]);
    // log(1 + e^−100) ≈ 0 where the logit agrees with the label, |x| = 100 where it does not.
    await expectTensorsClose(loss.perSample(yTrue, x), [0, 0, 100, 100], tolerance(backend));
    // d/dx = (σ(x) − y)/batch
    await expectTensorsClose(
      gradient(loss, yTrue, x),
      tensor([[0], [0], [-0.25], [0.25]]),
      tolerance(backend),
    );
  });

  it('categorical and sparse cross-entropy from logits are finite and exact at ±100', async () => {
    const x = () =>
      tensor([
        [100, -100, 0],
        [100, -100, 0],
      ]);
    // log Σ exp(x) = 100 + log(1 + e^−100 + e^−200) ≈ 100: losses [100 − 100, 100 + 100].
    // d/dx = (softmax(x) − y)/batch = [[0, 0, 0], [0.5, −0.5, 0]]
    const expectedGradient = () =>
      tensor([
        [0, 0, 0],
        [0.5, -0.5, 0],
      ]);
    const categorical = categoricalCrossentropy({ fromLogits: true });
    const oneHotLabels = tensor([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    await expectTensorsClose(
      categorical.perSample(oneHotLabels, x()),
      [0, 200],
      tolerance(backend),
    );
    await expectTensorsClose(
      gradient(categorical, oneHotLabels, x()),
      expectedGradient(),
      tolerance(backend),
    );
    const sparse = sparseCategoricalCrossentropy({ fromLogits: true });
    const ids = tensor([0, 1], [2], 'int32');
    await expectTensorsClose(sparse.perSample(ids, x()), [0, 200], tolerance(backend));
    await expectTensorsClose(gradient(sparse, ids, x()), expectedGradient(), tolerance(backend));
  });

  it('fromLogits equals the probability form on sigmoid / softmax of the logits', async () => {
    const tol = tolerance(backend, 1e-5);
    const x = tensor(logits);
    for (const labelSmoothing of [0, 0.1]) {
      const bceLogits = binaryCrossentropy({ fromLogits: true, labelSmoothing });
      const bceProbs = binaryCrossentropy({ labelSmoothing });
      const labels = tensor(binaryLabels);
      await expectTensorsClose(
        bceLogits.perSample(labels, x),
        await bceProbs.perSample(labels, sigmoid(x)).data(),
        tol,
      );
      const cceLogits = categoricalCrossentropy({ fromLogits: true, labelSmoothing });
      const cceProbs = categoricalCrossentropy({ labelSmoothing });
      const targets = tensor(oneHot);
      await expectTensorsClose(
        cceLogits.perSample(targets, x),
        await cceProbs.perSample(targets, softmax(x)).data(),
        tol,
      );
    }
    const ids = tensor([2, 0], [2], 'int32');
    await expectTensorsClose(
      sparseCategoricalCrossentropy({ fromLogits: true }).perSample(ids, x),
      await sparseCategoricalCrossentropy().perSample(ids, softmax(x)).data(),
      tol,
    );
  });
});
