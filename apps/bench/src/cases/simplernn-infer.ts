import { recurrentCase } from './recurrent.js';
import type { BenchCase } from './train-case.js';

/** SimpleRNN(128) predict, T=50 × 32 features, Dense(10) head on the last output, batch 64. */
export const simpleRnnInfer: BenchCase = recurrentCase('simplernn', 'infer');
