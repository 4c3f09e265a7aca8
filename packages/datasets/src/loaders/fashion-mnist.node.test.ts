import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ConfigError, memory, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, fashionMnist } from './fashion-mnist.js';
import type { ImageClassificationSet } from './image-classification-set.js';
import { MNIST_URL, mnist } from './mnist.js';

// Debian's dataset-fashion-mnist, which .ci/run installs.
const DIR = '/usr/share/datasets/fashion-mnist/';

let data: ImageClassificationSet;
let loadSeconds = 0;

beforeAll(async () => {
  await useBackend('cpu');
  const start = performance.now();
  data = await fashionMnist();
  loadSeconds = (performance.now() - start) / 1000;
  console.log(`Fashion-MNIST loaded from ${DIR} in ${loadSeconds.toFixed(2)} s`);
});

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

function range(bytes: Uint8Array): [number, number] {
  let min = 255;
  let max = 0;
  for (const b of bytes) {
    if (b < min) min = b;
    if (b > max) max = b;
  }
  return [min, max];
}

describe('fashionMnist from /usr/share/datasets/fashion-mnist', () => {
  it('has 60,000 train and 10,000 test images of 28×28', () => {
    expect(data.name).toBe('Fashion-MNIST');
    expect(data.train.count).toBe(60_000);
    expect(data.test.count).toBe(10_000);
    expect(data.train.shape).toEqual([28, 28]);
    expect(data.test.shape).toEqual([28, 28]);
    expect(data.train.images.length).toBe(60_000 * 784);
    expect(data.test.images.length).toBe(10_000 * 784);
    expect(data.train.labels.length).toBe(60_000);
    expect(data.classNames).toEqual(FASHION_MNIST_CLASSES);
  });

  it('has pixels spanning exactly 0–255', () => {
    expect(range(data.train.images)).toEqual([0, 255]);
    expect(range(data.test.images)).toEqual([0, 255]);
  });

  it('has exactly 6,000 train and 1,000 test images per class', () => {
    expect(classCounts(data.train.labels)).toEqual(new Array(10).fill(6000));
    expect(classCounts(data.test.labels)).toEqual(new Array(10).fill(1000));
  });

  it('agrees with the raw files read independently', () => {
    const labels = gunzipSync(readFileSync(`${DIR}train-labels-idx1-ubyte.gz`));
    // Header: magic 00 00 08 01, then the count 60000 as a big-endian uint32; labels from byte 8.
    expect(Array.from(labels.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0xea, 0x60]);
    expect(data.train.labels[0]).toBe(labels[8]);
    expect(Array.from(data.train.labels.subarray(0, 100))).toEqual(
      Array.from(labels.subarray(8, 108)),
    );
    const images = gunzipSync(readFileSync(`${DIR}t10k-images-idx3-ubyte.gz`));
    expect(Array.from(data.test.images.subarray(5000, 5784))).toEqual(
      Array.from(images.subarray(16 + 5000, 16 + 5784)),
    );
  });

  it('gives normalized Datasets and tensors', async () => {
    const before = memory().numTensors;
    const [first] = await data.trainDataset().take(1).toArray();
    expect(first.xs).toHaveLength(784);
    expect(first.ys).toBe(data.train.labels[0]);
    expect(Math.max(...first.xs)).toBeLessThanOrEqual(1);
    const raw = await data.testDataset({ normalize: false }).skip(3).take(1).toArray();
    expect(Array.from(raw[0].xs)).toEqual(Array.from(data.test.images.subarray(3 * 784, 4 * 784)));

    const [batch] = await data.trainDataset().batch(32).take(1).toArray();
    expect(batch.xs.shape).toEqual([32, 784]);
    expect(batch.ys.shape).toEqual([32]);
    const { xs, ys } = data.testTensors({ limit: 100, oneHot: true });
    expect(xs.shape).toEqual([100, 28, 28, 1]);
    expect(ys.shape).toEqual([100, 10]);
    const hot = await ys.array();
    expect((hot as number[][])[0][data.test.labels[0]]).toBe(1);
    for (const t of [batch.xs, batch.ys, xs, ys]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('says how to get the data when no directory or URL is found', async () => {
    await expect(mnist()).rejects.toThrow(ConfigError);
    await expect(mnist()).rejects.toThrow(MNIST_URL);
    await expect(fashionMnist({ dir: '/nonexistent' })).rejects.toThrow(
      "<Fashion-MNIST>: expected train-images-idx3-ubyte.gz (or train-images-idx3-ubyte) in '/nonexistent'. Received: no such file.",
    );
  });
});
