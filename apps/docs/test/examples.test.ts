import { useBackend } from '@strata/core';
import { expectNoLeaks } from '@strata/test-utils';
import { beforeAll, expect, it } from 'vitest';
import { run as runAddition } from '../examples/addition-seq2seq.js';
import { run as runCnn } from '../examples/fashion-mnist-cnn.js';
import { run as runMlp } from '../examples/fashion-mnist-mlp.js';
import type { ClassifierScores } from '../examples/lib/classifier-report.js';
import { loadImageData } from '../examples/lib/image-data.js';
import { run as runSpam, subjectAndBody } from '../examples/spam-classifier.js';

// Each example's `run` on a tiny input: this catches breakage, not the goals (the full runs
// are `pnpm example <name>`). cpu where it is quick; the CNN and the Embedding model on wasm,
// since tfjs's cpu conv filter gradient and UnsortedSegmentSum (the Embedding gradient, ≈ 50 s
// for [2560, 64] into 1,000 segments) take minutes.
beforeAll(async () => {
  await useBackend('cpu');
});

const quick = { backend: 'cpu', epochs: 1, verbose: 0 } as const;

function expectSaneScores(scores: ClassifierScores, count: number, classes: number): void {
  expect(scores.count).toBe(count);
  expect(scores.confusion).toHaveLength(classes);
  for (const row of scores.confusion) expect(row).toHaveLength(classes);
  const total = scores.confusion.flat().reduce((a, b) => a + b, 0);
  const correct = scores.confusion.reduce((s, row, i) => s + row[i], 0);
  expect(total).toBe(count);
  expect(scores.accuracy).toBeCloseTo(correct / count, 12);
  expect(scores.accuracy).toBeGreaterThanOrEqual(0);
  expect(scores.accuracy).toBeLessThanOrEqual(1);
  expect(scores.perClass).toHaveLength(classes);
  expect(scores.reportText).toContain('accuracy');
}

it('without Fashion-MNIST the image examples say how to get it and use the digits', async () => {
  const lines: string[] = [];
  const data = await loadImageData({
    dir: '/nonexistent/fashion-mnist',
    log: (l) => lines.push(l),
  });
  expect(data.name).toBe('digits (8×8)');
  expect([data.height, data.width]).toEqual([8, 8]);
  expect(data.train.count + data.test.count).toBe(1797);
  expect(lines.join('\n')).toContain('apt-get install dataset-fashion-mnist');
  expect(Math.max(...data.train.pixels)).toBeLessThanOrEqual(1);
});

it('fashion-mnist-mlp trains and scores on a few images', async () => {
  const result = await expectNoLeaks(() => runMlp({ ...quick, limit: 200, log: () => {} }));
  expect(result.trainSamples).toBe(200);
  expect(result.epochs).toBe(1);
  expect(result.samplesPerSecond).toBeGreaterThan(0);
  expectSaneScores(result.test, 34, 10);
}, 60_000);

it('fashion-mnist-cnn trains and scores on a few digits', async () => {
  const result = await expectNoLeaks(() =>
    runCnn({ ...quick, backend: 'wasm', limit: 120, source: 'digits' }),
  );
  expect(result.dataset).toBe('digits (8×8)');
  expect(result.trainSamples).toBe(120);
  expectSaneScores(result.test, 20, 10);
}, 60_000);

it('addition-seq2seq trains, decodes and scores exact matches', async () => {
  const result = await expectNoLeaks(() => runAddition({ ...quick, limit: 300, units: 16 }));
  expect(result.trainPairs).toBe(270);
  expect(result.validationPairs).toBe(30);
  expect(result.exactMatchHistory).toHaveLength(1);
  expect(result.validationExactMatch).toBeGreaterThanOrEqual(0);
  expect(result.validationExactMatch).toBeLessThanOrEqual(result.validationCharAccuracy);
  expect(result.samples).toHaveLength(10);
  for (const s of result.samples) {
    const [a, b] = s.question.split('+').map(Number);
    expect(Number(s.answer)).toBe(a + b);
    expect(s.predicted).toMatch(/^[0-9+ ]*$/);
  }
}, 60_000);

it('spam-classifier keeps the subject, drops the other headers', () => {
  const mail = 'From: a@b.c\nSubject: Cheap meds\nX-Spam: yes\n\nBuy now!\n\nThanks';
  expect(subjectAndBody(mail)).toBe('Cheap meds\nBuy now!\n\nThanks');
});

it('spam-classifier trains and scores on a few mails', async () => {
  const result = await expectNoLeaks(() =>
    runSpam({ ...quick, backend: 'wasm', limit: 160, maxLen: 40 }),
  );
  expect(result.trainMails).toBe(160);
  expect(result.testMails).toBe(40);
  expect(result.vocabularySize).toBeGreaterThan(4);
  expectSaneScores(result.test, 40, 2);
  expect(result.spam.f1).toBeGreaterThanOrEqual(0);
  expect(result.spam.f1).toBeLessThanOrEqual(1);
}, 60_000);
