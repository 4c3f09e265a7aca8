import type { Callback, Logs } from './callback.js';

/**
 * Records every epoch's logs: `history.history.loss[e]` is the loss of epoch `e`. `fit`
 * always adds one and returns it.
 *
 * @example
 * const { history } = await model.fit(x, y, { epochs: 5 });
 * console.log(history.val_loss);
 */
export class History implements Callback {
  readonly epochs: number[] = [];
  readonly history: Record<string, number[]> = {};

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epochs.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      this.history[key] ??= [];
      this.history[key].push(value);
    }
  }
}
