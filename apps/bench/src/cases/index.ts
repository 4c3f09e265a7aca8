/**
 * The case registry: every case the CLI can run, in report order. A new case (CNN, LSTM, …)
 * is one file under src/cases/ and one line here.
 */
import { cnnInferB1, cnnInferB256 } from './cnn-infer.js';
import { cnnTrain } from './cnn-train.js';
import { gruInfer } from './gru-infer.js';
import { gruTrain } from './gru-train.js';
import { lstmInfer } from './lstm-infer.js';
import { lstmTrain } from './lstm-train.js';
import { matMul256, matMul512, matMul1024 } from './matmul.js';
import { mlpInferB1, mlpInferB256 } from './mlp-infer.js';
import { mlpTrain } from './mlp-train.js';
import { seq2seqTrain } from './seq2seq-train.js';
import { simpleRnnInfer } from './simplernn-infer.js';
import { simpleRnnTrain } from './simplernn-train.js';
import type { BenchCase, Suite } from './train-case.js';

export const CASES: readonly BenchCase[] = [
  matMul256,
  matMul512,
  matMul1024,
  mlpTrain,
  mlpInferB1,
  mlpInferB256,
  cnnTrain,
  cnnInferB1,
  cnnInferB256,
  lstmTrain,
  lstmInfer,
  gruTrain,
  gruInfer,
  simpleRnnTrain,
  simpleRnnInfer,
  seq2seqTrain,
];

/** The cases of a suite (`full` includes `quick`'s), optionally narrowed by name or prefix. */
export function selectCases(suite: Suite, names?: readonly string[]): BenchCase[] {
  if (names != null && names.length > 0) {
    // An exact name always runs; a prefix (`matmul`, `mlp-infer`) picks the suite's cases.
    const inSuite = (c: BenchCase) => suite === 'full' || c.suite === 'quick';
    const picked = CASES.filter((c) =>
      names.some((n) => c.name === n || (c.name.startsWith(`${n}-`) && inSuite(c))),
    );
    const unknown = names.filter(
      (n) => !CASES.some((c) => c.name === n || c.name.startsWith(`${n}-`)),
    );
    if (unknown.length > 0) {
      throw new Error(
        `--cases: unknown ${unknown.join(', ')} (known: ${CASES.map((c) => c.name).join(', ')})`,
      );
    }
    return picked;
  }
  return CASES.filter((c) => suite === 'full' || c.suite === 'quick');
}
