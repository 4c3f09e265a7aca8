import { describe, expect, it } from 'vitest';
import { toSnakeCase } from './naming.js';

describe('toSnakeCase', () => {
  // Keras's to_snake_case on the class names of its own layers.
  it.each([
    ['Dense', 'dense'],
    ['LayerNormalization', 'layer_normalization'],
    ['LSTM', 'lstm'],
    ['GRUCell', 'gru_cell'],
    ['SimpleRNN', 'simple_rnn'],
    ['Conv2D', 'conv2d'],
    ['Conv2DTranspose', 'conv2d_transpose'],
    ['MaxPooling2D', 'max_pooling2d'],
    ['GlobalAveragePooling1D', 'global_average_pooling1d'],
    ['ZeroPadding2D', 'zero_padding2d'],
    ['UpSampling2D', 'up_sampling2d'],
    ['TimeDistributed', 'time_distributed'],
  ])('%s → %s', (name, snake) => {
    expect(toSnakeCase(name)).toBe(snake);
  });
});
