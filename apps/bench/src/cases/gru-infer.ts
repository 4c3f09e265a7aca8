import { recurrentCase } from './recurrent.js';
import type { BenchCase } from './train-case.js';

/** GRU(128) predict (resetAfter false on both sides), T=50 × 32 features, Dense(10) head on the last output, batch 64. */
export const gruInfer: BenchCase = recurrentCase('gru', 'infer');
