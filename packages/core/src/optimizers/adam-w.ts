import {
  add,
  dispose,
  div,
  engine,
  mul,
  type NamedTensorMap,
  Optimizer,
  type serialization,
  sqrt,
  square,
  sub,
  type Tensor,
  tidy,
  type Variable,
  variable,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { type LearningRateSchedule, scheduleFromConfig } from './schedules.js';

/** A gradient (or a saved slot) with the name of its variable, as tfjs's `NamedTensor`. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** Options of {@link AdamW}. */
export interface AdamWOptions {
  /** A constant rate or a schedule of the step. Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  beta2?: number;
  /** Added to `sqrt(v̂)` for stability. Default 1e-7 (Keras). */
  epsilon?: number;
  /** Decoupled weight decay `λ`. Default 0.004 (Keras). */
  weightDecay?: number;
}

interface Slots {
  m: Variable;
  v: Variable;
}

/**
 * Adam with decoupled weight decay, as Keras's and PyTorch's `AdamW`. At step `t` (from 1),
 * with `lr` the rate for this step, each variable `w` with gradient `g` becomes
 * `w ← w − lr·λ·w`, then `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`,
 * `w ← w − lr · (m / (1 − β1ᵗ)) / (sqrt(v / (1 − β2ᵗ)) + ε)`.
 *
 * The slots `m` and `v` are created on a variable's first update and kept by variable name.
 * Weights round-trip as tfjs's `Adam`: `[iter, …m, …v]`, named `<variable>/m`, `<variable>/v`.
 *
 * @example
 * const optimizer = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 * optimizer.minimize(() => loss(model(x), y));
 * @see Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization",
 *   https://arxiv.org/abs/1711.05101
 */
export class AdamW extends Optimizer {
  /** @nocollapse The Keras class name; a getter, as tfjs's, so the class tree-shakes. */
  static get className(): string {
    return 'AdamW';
  }

  readonly learningRate: number | LearningRateSchedule;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private slots = new Map<string, Slots>();

  constructor({
    learningRate = 0.001,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = 1e-7,
    weightDecay = 0.004,
  }: AdamWOptions = {}) {
    super();
    if (typeof learningRate !== 'function' && !(learningRate > 0)) {
      throw optimizerError('learningRate > 0 or a schedule', learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1)) throw optimizerError('0 ≤ beta1 < 1', beta1);
    if (!(beta2 >= 0 && beta2 < 1)) throw optimizerError('0 ≤ beta2 < 1', beta2);
    if (!(epsilon >= 0)) throw optimizerError('epsilon ≥ 0', epsilon);
    if (!(weightDecay >= 0)) throw optimizerError('weightDecay ≥ 0', weightDecay);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /** The rate the next update will use: the schedule at the current iteration, or the constant. */
  currentLearningRate(): number {
    const lr = this.learningRate;
    return typeof lr === 'function' ? lr(this.iterations) : lr;
  }

  /** Updates the variables (looked up by name) with their gradients; one optimizer step. */
  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const grads: [string, Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor])
      : Object.entries(variableGradients);
    const registered = engine().registeredVariables;
    const updates: [Variable, Tensor, Slots][] = [];
    for (const [name, grad] of grads) {
      if (grad == null) continue;
      const value = registered[name];
      if (value == null) {
        throw optimizerError(`a registered variable named '${name}'`, 'no such variable');
      }
      updates.push([value, grad, this.slotsFor(name, value)]);
    }

    const lr = this.currentLearningRate();
    // Bias corrections in float64 on the CPU: exact, and no per-step scalar variables.
    const t = this.iterations + 1;
    const correction1 = 1 - this.beta1 ** t;
    const correction2 = 1 - this.beta2 ** t;
    tidy(() => {
      for (const [value, grad, { m, v }] of updates) {
        const decayed =
          this.weightDecay === 0 ? value : sub(value, mul(value, lr * this.weightDecay));
        const newM = add(mul(m, this.beta1), mul(grad, 1 - this.beta1));
        const newV = add(mul(v, this.beta2), mul(square(grad), 1 - this.beta2));
        m.assign(newM);
        v.assign(newV);
        const step = div(div(newM, correction1), add(sqrt(div(newV, correction2)), this.epsilon));
        value.assign(sub(decayed, mul(step, lr)));
      }
    });
    this.incrementIterations();
  }

  /** Frees the `m` and `v` slots. */
  override dispose(): void {
    for (const { m, v } of this.slots.values()) dispose([m, v]);
    this.slots.clear();
  }

  /** `[iter, …m, …v]`, as tfjs's `Adam` (the slot tensors themselves, not copies). */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.slots.entries()];
    return [
      await this.saveIterations(),
      ...slots.map(([name, { m }]) => ({ name: `${name}/m`, tensor: m })),
      ...slots.map(([name, { v }]) => ({ name: `${name}/v`, tensor: v })),
    ];
  }

  /** Restores what `getWeights` returned; the tensors are copied. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const count = rest.length / 2;
    if (!Number.isInteger(count)) {
      throw optimizerError(
        'iter followed by as many m as v weights',
        `${weightValues.length} weights`,
      );
    }
    const slots = new Map<string, Slots>();
    for (let i = 0; i < count; i++) {
      slots.set(rest[i].name.replace(/\/m$/, ''), {
        m: variable(rest[i].tensor, false),
        v: variable(rest[count + i].tensor, false),
      });
    }
    // Copied before the old slots are freed: `weightValues` may be this optimizer's own.
    this.dispose();
    this.slots = slots;
  }

  /** `{learningRate, beta1, beta2, epsilon, weightDecay}`; a schedule as `{className, config}`. */
  getConfig(): serialization.ConfigDict {
    const lr = this.learningRate;
    return {
      learningRate:
        typeof lr === 'function' ? { className: lr.className, config: lr.getConfig() } : lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }

  /** @nocollapse Rebuilds an `AdamW` from `getConfig()`. */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    const { learningRate, beta1, beta2, epsilon, weightDecay } = config as Record<string, unknown>;
    const options: AdamWOptions = { beta1, beta2, epsilon, weightDecay } as AdamWOptions;
    if (typeof learningRate === 'number') options.learningRate = learningRate;
    else if (learningRate != null) {
      options.learningRate = scheduleFromConfig(
        learningRate as Parameters<typeof scheduleFromConfig>[0],
      );
    }
    return new cls(options);
  }

  private slotsFor(name: string, value: Variable): Slots {
    let slots = this.slots.get(name);
    if (slots == null) {
      slots = tidy(() => ({
        m: variable(zerosLike(value), false),
        v: variable(zerosLike(value), false),
      }));
      this.slots.set(name, slots);
    }
    return slots;
  }
}

function optimizerError(expected: string, received: unknown): ConfigError {
  return new ConfigError({ subject: "Optimizer 'AdamW'", expected, received: String(received) });
}
