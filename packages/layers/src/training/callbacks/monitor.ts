import { ConfigError } from '@strata/core';

/** Whether a monitored quantity should fall (`'min'`) or rise (`'max'`); `'auto'` infers it. */
export type MonitorMode = 'auto' | 'min' | 'max';

// Keras 3 asks each compiled metric for its direction; our streaming metrics carry none, so
// the direction comes from the name, and an unknown name asks for an explicit mode.
const RISING = /acc|auc|precision|recall|f1|r2/i;
const FALLING = /loss|error|mse|mae|crossentropy|perplexity|hinge|divergence|learning_rate/i;

/**
 * The direction of `monitor` (`val_` prefix ignored): `mode` when it is `'min'`/`'max'`, else
 * `'max'` for accuracies, AUC, precision, recall, F1 and R², `'min'` for losses and errors.
 *
 * @throws ConfigError for `'auto'` with a name of unknown direction, or an unknown mode.
 */
export function monitorDirection(
  subject: string,
  monitor: string,
  mode: MonitorMode,
): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  const name = monitor.replace(/^val_/, '');
  if (mode === 'auto') {
    if (RISING.test(name)) return 'max';
    if (FALLING.test(name)) return 'min';
  }
  throw new ConfigError({
    subject,
    expected:
      mode === 'auto'
        ? `mode 'min' or 'max' for monitor '${monitor}', whose direction cannot be inferred`
        : "mode 'auto', 'min' or 'max'",
    received: `mode '${mode}'`,
  });
}

/**
 * Keras's improvement test: `current` beats `reference` by more than `minDelta` in the
 * monitor's direction (`current − minDelta < reference` for `'min'`).
 */
export function isImprovement(
  direction: 'min' | 'max',
  current: number,
  reference: number,
  minDelta = 0,
): boolean {
  const delta = Math.abs(minDelta);
  return direction === 'min' ? current + delta < reference : current - delta > reference;
}

/** Warns once per callback that `monitor` is missing from the epoch logs, as Keras does. */
export function warnMissing(subject: string, monitor: string, logs: Record<string, number>): void {
  console.warn(
    `${subject}: monitor '${monitor}' is not in the epoch logs. Available: ${Object.keys(logs).join(', ') || 'none'}.`,
  );
}

/** The model `fit` gave a callback; throws when the callback is used outside `fit`. */
export function requireModel<M>(subject: string, model: M | null): M {
  if (model == null) {
    throw new ConfigError({
      subject,
      expected: 'a model (fit calls setModel before training)',
      received: 'none',
    });
  }
  return model;
}
