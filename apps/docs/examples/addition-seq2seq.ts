/**
 * Learning to add: a sequence-to-sequence LSTM reads "535+61" one character at a time and
 * writes "596" (the classic Keras example `addition_rnn`).
 *
 * Task T: add two numbers of up to 3 digits, given and answered as text. Experience E:
 * 45,000 of 50,000 distinct random problems. Performance P: exact-match accuracy on the other
 * 5,000 — the whole answer must be right, every digit. Goal: ≥ 99 % (Keras reports 99 % after
 * 30–100 epochs).
 *
 * Model: the encoder LSTM(128) reads the query (reversed, which shortens the paths between
 * the digits that must be added together and trains faster) into one vector; RepeatVector
 * hands it to each of the 4 answer steps; the decoder LSTM(128) unrolls it; a
 * TimeDistributed Dense(12, softmax) names each answer character. Adam(1e-3), batch 128.
 * Training stops as soon as the validation exact match reaches `--target` (default 0.99),
 * and reports the epoch and wall time it took; the 200-epoch ceiling leaves room, since
 * Keras's 99 % (at this batch size, in 100 epochs) is per character, and a whole 4-character
 * answer is right less often than each of its characters.
 *
 * Run: `pnpm example addition-seq2seq [--backend wasm|cpu] [--epochs 200] [--batch 128]
 * [--limit N (problems, default 50000)] [--target 0.99]`
 */
import { type BackendName, seed, tensor, train, useBackend } from '@strata/core';
import { additionProblems } from '@strata/datasets';
import {
  type Callback,
  Dense,
  type Logs,
  type Model,
  RepeatVector,
  sequential,
} from '@strata/layers';
import { LSTM, TimeDistributed } from '@strata/rnn';
import {
  epochCount,
  formatDuration,
  isEntryPoint,
  parseExampleFlags,
  secondsSince,
} from './lib/cli.js';
import { decodeOneHot, encodeOneHot, exactMatch } from './lib/sequence-codec.js';

/** Options of {@link run}; the defaults are the full run. */
export interface AdditionOptions {
  backend?: BackendName;
  /** Most epochs (training stops earlier at `target`). Default 200. */
  epochs?: number;
  batchSize?: number;
  /** Problems in all, 10 % held out. Default 50,000. */
  limit?: number;
  /** Stop once the validation exact match reaches this (> 1: never). Default 0.99. */
  target?: number;
  /** Hidden units of both LSTMs. Default 128. */
  units?: number;
  /** 1: progress bar (default); 0: silent. */
  verbose?: 0 | 1;
}

/** One validation problem with the model's answer. */
export interface AdditionSample {
  /** `"535+61"` as a person writes it (un-reversed, unpadded). */
  question: string;
  answer: string;
  predicted: string;
}

/** What a run gave: the numbers the closing note needs. */
export interface AdditionResult {
  trainPairs: number;
  validationPairs: number;
  /** Epochs trained. */
  epochs: number;
  /** The first epoch (1-based) whose validation exact match reached the target, or null. */
  epochsToTarget: number | null;
  /** Wall time of `fit`, validation passes included. */
  fitSeconds: number;
  /** Seconds from the start of `fit` to the end of the epoch that reached the target. */
  secondsToTarget: number | null;
  samplesPerSecond: number;
  /** Validation exact-match accuracy after each epoch. */
  exactMatchHistory: number[];
  /** After the last epoch: whole answers right, and characters right. */
  validationExactMatch: number;
  validationCharAccuracy: number;
  samples: AdditionSample[];
}

const DIGITS = 3;

/** LSTM encoder → RepeatVector → LSTM decoder → TimeDistributed Dense softmax. */
export function buildAdditionModel(
  queryLength: number,
  answerLength: number,
  chars: number,
  units: number,
): Model {
  return sequential([
    new LSTM({ units, inputShape: [queryLength, chars] }),
    new RepeatVector({ n: answerLength }),
    new LSTM({ units, returnSequences: true }),
    new TimeDistributed({ layer: new Dense({ units: chars, activation: 'softmax' }) }),
  ]);
}

/** Trains the adder and scores it on the held-out problems. */
export async function run(options: AdditionOptions = {}): Promise<AdditionResult> {
  const {
    backend = 'wasm',
    epochs = 200,
    batchSize = 128,
    limit = 50_000,
    target = 0.99,
    units = 128,
    verbose = 1,
  } = options;
  await useBackend(backend);
  const problems = additionProblems({ n: limit, digits: DIGITS, reverse: true, seed: 1 });
  const { alphabet, queryLength, answerLength } = problems;
  const nVal = Math.max(1, Math.round(limit / 10));
  const nTrain = limit - nVal;
  const encode = (strings: string[], length: number) =>
    tensor(encodeOneHot(strings, alphabet), [strings.length, length, alphabet.length]);
  const xTrain = encode(problems.queries.slice(0, nTrain), queryLength);
  const yTrain = encode(problems.answers.slice(0, nTrain), answerLength);
  const valQueries = problems.queries.slice(nTrain);
  const valAnswers = problems.answers.slice(nTrain);
  const xVal = encode(valQueries, queryLength);
  const yVal = encode(valAnswers, answerLength);

  seed(42);
  const model = buildAdditionModel(queryLength, answerLength, alphabet.length, units);
  model.compile({
    optimizer: train.adam(1e-3),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });

  const start = performance.now();
  let predictions: string[] = [];
  const exactMatchHistory: number[] = [];
  let epochsToTarget: number | null = null;
  let secondsToTarget: number | null = null;
  // Runs before the progress bar (user callbacks come first), so the bar shows its log.
  const validation: Callback = {
    async onEpochEnd(epoch: number, logs: Logs) {
      predictions = await decodeOneHot(model.predict(xVal, { batchSize: 1000 }), alphabet);
      const score = exactMatch(predictions, valAnswers);
      exactMatchHistory.push(score);
      logs.val_exact_match = score;
      if (score >= target && epochsToTarget == null) {
        epochsToTarget = epoch + 1;
        secondsToTarget = secondsSince(start);
        model.stopTraining = true;
      }
    },
  };
  try {
    const { history } = await model.fit(xTrain, yTrain, {
      epochs,
      batchSize,
      validationData: [xVal, yVal],
      callbacks: [validation],
      seed: 1,
      verbose,
    });
    const fitSeconds = secondsSince(start);
    const trained = history.loss.length;
    const reversed = (s: string) => [...s].reverse().join('').trim();
    return {
      trainPairs: nTrain,
      validationPairs: nVal,
      epochs: trained,
      epochsToTarget,
      fitSeconds,
      secondsToTarget,
      samplesPerSecond: (trained * nTrain) / fitSeconds,
      exactMatchHistory,
      validationExactMatch: exactMatchHistory[exactMatchHistory.length - 1],
      validationCharAccuracy: history.val_accuracy[trained - 1],
      samples: valQueries.slice(0, 10).map((q, i) => ({
        question: reversed(q),
        answer: valAnswers[i].trim(),
        predicted: predictions[i].trim(),
      })),
    };
  } finally {
    for (const t of [xTrain, yTrain, xVal, yVal]) t.dispose();
    model.dispose();
  }
}

export async function main(argv?: readonly string[]): Promise<void> {
  const flags = parseExampleFlags(argv, ['target']);
  const backend = flags.backend ?? 'wasm';
  const info = await useBackend(backend);
  console.log(`Backend: ${info.name}${info.simd ? ' (SIMD)' : ''}`);
  const target = flags.extra.target == null ? undefined : Number(flags.extra.target);
  const result = await run({
    backend,
    epochs: flags.epochs,
    batchSize: flags.batch,
    limit: flags.limit,
    target,
  });
  console.log('\nValidation problems:');
  for (const s of result.samples) {
    const mark = s.predicted === s.answer ? '✓' : `✗ (${s.answer})`;
    console.log(`  ${s.question.padStart(7)} = ${s.predicted.padEnd(4)} ${mark}`);
  }
  const percent = (x: number) => `${(x * 100).toFixed(2)} %`;
  console.log(
    `\n${result.trainPairs} training / ${result.validationPairs} validation problems; ` +
      `${epochCount(result.epochs)} in ${formatDuration(result.fitSeconds)} ` +
      `(${Math.round(result.samplesPerSecond)} samples/s, validation passes included)`,
  );
  console.log(
    `Validation exact match ${percent(result.validationExactMatch)}, ` +
      `per character ${percent(result.validationCharAccuracy)}`,
  );
  console.log(
    result.epochsToTarget == null
      ? `The target ${percent(target ?? 0.99)} was not reached.`
      : `Reached ${percent(target ?? 0.99)} exact match after ${epochCount(result.epochsToTarget)}, ` +
          `${formatDuration(result.secondsToTarget ?? 0)}.`,
  );
}

if (isEntryPoint(import.meta.url)) await main();
