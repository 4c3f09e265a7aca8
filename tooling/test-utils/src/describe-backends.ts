import type { BackendName } from '@strata/core';
import { beforeAll, describe, it } from 'vitest';
import { BACKENDS_HERE, useTestBackend } from './backends.js';

/** Options of `describeBackends`. */
export interface DescribeBackendsOptions {
  /**
   * Backends this suite must not run on, each with the reason, which appears in the test
   * report as a skipped test (`… [webgpu] > excluded: <reason>`).
   */
  exclude?: Partial<Record<BackendName, string>>;
}

/**
 * Runs one suite once per backend available here — cpu and wasm in Node, WebGL, WebGPU and
 * wasm in headless Chromium — activating each before its tests. A backend that cannot start
 * fails the suite; it is never skipped silently.
 *
 * @example
 * describeBackends('matMul', (backend) => {
 *   it('agrees with cpu', () => { … });
 * });
 */
export function describeBackends(
  name: string,
  fn: (backend: BackendName) => void,
  { exclude = {} }: DescribeBackendsOptions = {},
): void {
  for (const backend of BACKENDS_HERE) {
    const reason = exclude[backend];
    if (reason != null) {
      describe.skip(`${name} [${backend}] excluded, reason: ${reason}`, () => {
        it(`excluded: ${reason}`, () => {});
      });
      continue;
    }
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        await useTestBackend(backend);
      });
      fn(backend);
    });
  }
}
