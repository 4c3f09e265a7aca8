import { SerializationError } from '@strata/core';
import { type LayerClass, type LayerRegistry, registry } from '../registry.js';

/**
 * The Strata package that provides each Keras class `@strata/layers` does not, so that an
 * unknown `class_name` can say which registry to pass.
 */
export const PROVIDING_PACKAGES: Readonly<Record<string, string>> = Object.fromEntries([
  ...[
    'LSTM',
    'GRU',
    'SimpleRNN',
    'RNN',
    'LSTMCell',
    'GRUCell',
    'SimpleRNNCell',
    'StackedRNNCells',
    'Bidirectional',
    'TimeDistributed',
  ].map((c) => [c, '@strata/rnn']),
  ...[
    'Conv1D',
    'Conv2D',
    'Conv2DTranspose',
    'DepthwiseConv2D',
    'SeparableConv2D',
    'MaxPooling1D',
    'MaxPooling2D',
    'AveragePooling1D',
    'AveragePooling2D',
    'GlobalMaxPooling1D',
    'GlobalMaxPooling2D',
    'GlobalAveragePooling1D',
    'GlobalAveragePooling2D',
    'BatchNormalization',
    'ZeroPadding1D',
    'ZeroPadding2D',
    'UpSampling1D',
    'UpSampling2D',
  ].map((c) => [c, '@strata/cnn']),
  ...[
    'MultiHeadAttention',
    'Attention',
    'AdditiveAttention',
    'TransformerEncoderLayer',
    'TransformerDecoderLayer',
  ].map((c) => [c, '@strata/attention']),
]);

/**
 * The registries a load resolves classes through: the caller's, then `@strata/layers`'s,
 * which is always included.
 */
export function withCoreRegistry(registries: readonly LayerRegistry[] = []): LayerRegistry[] {
  return registries.includes(registry) ? [...registries] : [...registries, registry];
}

/**
 * The layer class saved as `className`, from the first registry that has it.
 *
 * @throws SerializationError naming the class and, where known, the Strata package that
 *   provides it (and so the registry to pass to `loadModel`).
 * @example
 * resolveLayerClass('LSTM', [rnn.registry, registry], "Layer 'lstm'");
 */
export function resolveLayerClass(
  className: string,
  registries: readonly LayerRegistry[],
  subject: string,
): LayerClass {
  for (const r of registries) {
    if (Object.hasOwn(r.classes, className)) return r.classes[className];
  }
  const provider = Object.hasOwn(PROVIDING_PACKAGES, className)
    ? PROVIDING_PACKAGES[className]
    : undefined;
  const searched = registries.map((r) => r.package).join(', ');
  throw new SerializationError({
    subject,
    expected:
      provider == null
        ? `a layer class of the registries given (${searched})`
        : `a layer class of the registries given (${searched}); '${className}' is in ${provider}: ` +
          `pass its registry, loadModel(source, { registries: [registry] }) with registry from ${provider}`,
    received: `unknown class_name '${className}'`,
  });
}
