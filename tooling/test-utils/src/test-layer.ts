import { dispose, RandomStream, seed, type Tensor, tensor, type Variable } from '@strata/core';
import { expect, it } from 'vitest';
import { referenceOnCpu, TOLERANCE } from './backends.js';
import { describeBackends } from './describe-backends.js';
import { expectNoLeaks, expectTensorsClose } from './expect-tensors.js';
import { numericalGradientCheck } from './numerical-gradient-check.js';

/** The part of a Strata layer the harness uses (structural, so test-utils needs no layers dep). */
export interface TestableLayer {
  readonly name: string;
  apply(inputs: Tensor | Tensor[], options?: { training?: boolean }): Tensor | Tensor[];
  getConfig(): object;
  readonly weights: { path: string; variable: Tensor; trainable?: boolean }[];
  getWeights(): Tensor[];
  setWeights(values: Tensor[]): void;
  dispose(): void;
}

/** What `testLayer` checks a layer against. */
export interface TestLayerSpec<L extends TestableLayer> {
  /** Makes the layer from a config; called with the original config and with `getConfig()`. */
  create: (config: Record<string, unknown>) => L;
  /** The config the layer is first made from. */
  config: Record<string, unknown>;
  /**
   * The input shape, batch included; a list of shapes for a layer called on a list of tensors
   * (merge layers), which then gets one tensor per shape.
   */
  inputShape: number[] | number[][];
  expectedOutputShape: number[];
  /** Integer inputs in [0, n) (for Embedding); otherwise normal floats. */
  integerInputs?: number;
  /** Check gradients of the (float) input and of every weight by central differences. Default true. */
  gradients?: boolean;
  /** Options passed to `numericalGradientCheck`. */
  gradientTolerance?: { epsilon?: number; atol?: number; rtol?: number };
  /** Backends to leave out, each with its reason. */
  exclude?: Parameters<typeof describeBackends>[2] extends infer O
    ? O extends { exclude?: infer E }
      ? E
      : never
    : never;
}

function isShapeList(shape: number[] | number[][]): shape is number[][] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

function makeInput(spec: TestLayerSpec<TestableLayer>): Tensor | Tensor[] {
  const rng = new RandomStream(11);
  const make = (shape: number[]): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (spec.integerInputs != null) {
      return tensor(
        Int32Array.from({ length: n }, () => rng.int(spec.integerInputs as number)),
        shape,
        'int32',
      );
    }
    return tensor(rng.normalArray(n), shape);
  };
  return isShapeList(spec.inputShape) ? spec.inputShape.map(make) : make(spec.inputShape);
}

function outputs(y: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(y) ? y : [y];
}

/**
 * The conformance suite every Strata layer runs, on every backend of `describeBackends`:
 * output shape; config round-trip (a layer made from `getConfig()` has the same config and,
 * with the same weights, the same output); weights round-trip through `getWeights` /
 * `setWeights`; a numerical gradient check of the input and of every weight; no leaked
 * tensors after `apply`; the same output under the same seed; agreement with cpu.
 *
 * A layer called on a list of tensors (a merge layer) gives `inputShape` as a list of shapes;
 * the input gradients are then checked for every tensor of the list.
 *
 * @example
 * testLayer('Dense', { create: (c) => new Dense(c), config: { units: 3 }, inputShape: [2, 4], expectedOutputShape: [2, 3] });
 */
export function testLayer<L extends TestableLayer>(name: string, spec: TestLayerSpec<L>): void {
  const s = spec as unknown as TestLayerSpec<TestableLayer>;
  let reference: Float32Array[] = [];

  describeBackends(
    `${name} (testLayer)`,
    (backend) => {
      it('matches the cpu backend, with seeded weights', async () => {
        if (reference.length === 0) {
          reference = await referenceOnCpu(() => {
            seed(5);
            const layer = s.create(s.config);
            const y = outputs(layer.apply(makeInput(s)));
            const kept = y.map((t) => t.clone());
            layer.dispose();
            return kept;
          });
        }
        seed(5);
        const layer = s.create(s.config);
        const x = makeInput(s);
        const y = outputs(layer.apply(x));
        for (const [k, t] of y.entries())
          await expectTensorsClose(t, reference[k], TOLERANCE[backend]);
        dispose([x, ...y]);
        layer.dispose();
      });

      it(`maps ${JSON.stringify(s.inputShape)} to ${JSON.stringify(s.expectedOutputShape)}`, () => {
        const layer = s.create(s.config);
        const x = makeInput(s);
        const y = outputs(layer.apply(x));
        expect(y[0].shape).toEqual(s.expectedOutputShape);
        dispose([x, ...y]);
        layer.dispose();
      });

      it('round-trips its config and, with copied weights, gives the same output', async () => {
        const layer = s.create(s.config);
        const x = makeInput(s);
        const y = outputs(layer.apply(x));
        const clone = s.create(JSON.parse(JSON.stringify(layer.getConfig())));
        clone.apply(x); // build
        expect(JSON.parse(JSON.stringify(clone.getConfig()))).toEqual(
          JSON.parse(JSON.stringify(layer.getConfig())),
        );
        const values = layer.getWeights();
        clone.setWeights(values);
        const z = outputs(clone.apply(x));
        for (const [k, t] of z.entries()) await expectTensorsClose(t, y[k], { atol: 0, rtol: 0 });
        dispose([x, ...y, ...z, ...values]);
        layer.dispose();
        clone.dispose();
      });

      it('gives the same output under the same seed', async () => {
        const run = () => {
          seed(21);
          const layer = s.create(s.config);
          const x = makeInput(s);
          const y = outputs(layer.apply(x));
          dispose(x);
          return { layer, y };
        };
        const a = run();
        const b = run();
        for (const [k, t] of a.y.entries())
          await expectTensorsClose(b.y[k], t, { atol: 0, rtol: 0 });
        dispose([...a.y, ...b.y]);
        a.layer.dispose();
        b.layer.dispose();
      });

      it('leaks no tensors in apply', async () => {
        const layer = s.create(s.config);
        const x = makeInput(s);
        dispose(outputs(layer.apply(x))); // first call builds the weights
        await expectNoLeaks(() => {
          dispose(outputs(layer.apply(x)));
        });
        dispose(x);
        layer.dispose();
      });

      if (s.gradients !== false) {
        it('has input and weight gradients that match central differences', async () => {
          seed(3);
          const layer = s.create(s.config);
          const x = makeInput(s);
          dispose(outputs(layer.apply(x)));
          // Non-trainable weights (moving statistics) get no gradient from tfjs.
          const variables = layer.weights
            .filter((w) => w.trainable !== false)
            .map((w) => w.variable as Variable);
          const xs = Array.isArray(x) ? x : [x];
          const floats = xs.every((t) => t.dtype === 'float32') ? xs : [];
          const f = (...args: Tensor[]): Tensor => {
            const given = args.length > 0 ? args : xs;
            return outputs(layer.apply(Array.isArray(x) ? given : given[0]))[0];
          };
          await numericalGradientCheck(f, floats, { ...spec.gradientTolerance, variables });
          dispose(x);
          layer.dispose();
        });
      }
    },
    { exclude: s.exclude },
  );
}
