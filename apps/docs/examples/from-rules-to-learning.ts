/**
 * From rules to learning: cats vs dogs on two engineered features.
 *
 * Task T: tell a cat from a dog. Experience E: 2,000 measured animals. Performance P:
 * accuracy on 1,000 animals never seen. A hand-written rule comes first, then three models
 * that learn from E with Strata — logistic regression, a linear SVM (Dense(1) + hinge loss)
 * and a small MLP — and their accuracies side by side.
 *
 * Run: `pnpm example from-rules-to-learning [--backend cpu|wasm]`
 */
import {
  type BackendName,
  RandomStream,
  seed,
  type Tensor,
  tensor,
  tidy,
  train,
  useBackend,
} from '@strata/core';
import { Dense, type Model, sequential } from '@strata/layers';
import { binaryAccuracy } from '@strata/metrics';
import { isEntryPoint } from './lib/cli.js';

interface Animals {
  /** [n, 2]: snout length in cm, tail curl in [0, 1]. */
  features: Float32Array;
  /** 1 = dog, 0 = cat. */
  labels: Float32Array;
  n: number;
}

/**
 * A seeded population with realistic overlap: dogs have longer snouts on average (but pugs
 * exist) and curlier tails (but not all of them).
 */
function animals(n: number, rng: RandomStream): Animals {
  const features = new Float32Array(n * 2);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const dog = rng.next() < 0.5;
    labels[i] = dog ? 1 : 0;
    const snout = dog ? 5 + 1.6 * rng.nextNormal() : 2.6 + 0.6 * rng.nextNormal();
    const curl = dog ? 0.62 + 0.2 * rng.nextNormal() : 0.35 + 0.15 * rng.nextNormal();
    features[2 * i] = Math.max(0.5, snout);
    features[2 * i + 1] = Math.min(1, Math.max(0, curl));
  }
  return { features, labels, n };
}

/** The hand-written rule an expert might start with. */
function ruleBased(snout: number, curl: number): number {
  return snout > 3.8 || (snout > 3.2 && curl > 0.6) ? 1 : 0;
}

function standardize(train: Animals, data: Animals): Tensor {
  const mean = [0, 0];
  const std = [0, 0];
  for (let i = 0; i < train.n; i++)
    for (let j = 0; j < 2; j++) mean[j] += train.features[2 * i + j] / train.n;
  for (let i = 0; i < train.n; i++)
    for (let j = 0; j < 2; j++) std[j] += (train.features[2 * i + j] - mean[j]) ** 2 / train.n;
  const out = data.features.map((v, k) => (v - mean[k % 2]) / Math.sqrt(std[k % 2]));
  return tensor(out, [data.n, 2]);
}

async function trainAndScore(
  name: string,
  model: Model,
  loss: 'binaryCrossentropy' | 'hinge',
  data: { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor },
): Promise<number> {
  console.log(`\n${name}`);
  model.compile({ optimizer: train.adam(0.03), loss });
  await model.fit(data.xTrain, data.yTrain, {
    epochs: 20,
    batchSize: 64,
    validationSplit: 0.1,
    seed: 1,
  });
  const scores = model.predict(data.xTest, { batchSize: 256 }) as Tensor;
  // The SVM's decision function is sign(w·x + b): threshold its raw output at 0.
  const accuracy = await binaryAccuracy(data.yTest, scores, {
    threshold: loss === 'hinge' ? 0 : 0.5,
  });
  scores.dispose();
  return accuracy;
}

export async function main(): Promise<void> {
  const backendArg = process.argv.indexOf('--backend');
  const backend = (backendArg > 0 ? process.argv[backendArg + 1] : 'wasm') as BackendName;
  const info = await useBackend(backend);
  console.log(`Backend: ${info.name}${info.simd ? ' (SIMD)' : ''}`);

  seed(42);
  const rng = new RandomStream(2024);
  const trainSet = animals(2000, rng);
  const testSet = animals(1000, rng);

  let correct = 0;
  for (let i = 0; i < testSet.n; i++) {
    if (ruleBased(testSet.features[2 * i], testSet.features[2 * i + 1]) === testSet.labels[i])
      correct++;
  }
  const results: [string, number][] = [
    ['Rule: snout > 3.8 cm, or > 3.2 cm with a curly tail', correct / testSet.n],
  ];

  const data = {
    xTrain: standardize(trainSet, trainSet),
    yTrain: tensor(trainSet.labels, [trainSet.n, 1]),
    xTest: standardize(trainSet, testSet),
    yTest: tensor(testSet.labels, [testSet.n, 1]),
  };
  const logistic = sequential([new Dense({ units: 1, activation: 'sigmoid', inputShape: [2] })]);
  results.push([
    'Logistic regression (Dense(1) + sigmoid, cross-entropy)',
    await trainAndScore('Logistic regression', logistic, 'binaryCrossentropy', data),
  ]);
  const svm = sequential([new Dense({ units: 1, inputShape: [2] })]);
  results.push([
    'Linear SVM (Dense(1) + hinge loss)',
    await trainAndScore('Linear SVM', svm, 'hinge', data),
  ]);
  const mlp = sequential([
    new Dense({ units: 16, activation: 'relu', inputShape: [2] }),
    new Dense({ units: 16, activation: 'relu' }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ]);
  results.push([
    'MLP 2-16-16-1 (relu)',
    await trainAndScore('MLP', mlp, 'binaryCrossentropy', data),
  ]);

  console.log('\nTest accuracy on 1,000 unseen animals:');
  const width = Math.max(...results.map(([n]) => n.length));
  for (const [name, acc] of results)
    console.log(`  ${name.padEnd(width)}  ${(acc * 100).toFixed(1)} %`);
  tidy(() => {
    for (const t of Object.values(data)) t.dispose();
  });
  for (const m of [logistic, svm, mlp]) m.dispose();
}

if (isEntryPoint(import.meta.url)) await main();
