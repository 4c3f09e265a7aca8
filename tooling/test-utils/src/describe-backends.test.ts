import { getBackend } from '@strata/core';
import { expect, it } from 'vitest';
import { BACKENDS_HERE, inBrowser } from './backends.js';
import { describeBackends } from './describe-backends.js';

const seen: string[] = [];

describeBackends('describeBackends', (backend) => {
  it('activates the backend before the suite runs', () => {
    expect(getBackend()).toBe(backend);
    seen.push(backend);
  });
});

describeBackends(
  'an excluded backend',
  (backend) => {
    it('runs on every other backend', () => {
      expect(backend).not.toBe(BACKENDS_HERE[0]);
    });
  },
  { exclude: { [BACKENDS_HERE[0]]: 'this test excludes the first backend on purpose' } },
);

it('ran the suite once per backend available here', () => {
  expect(seen).toEqual(inBrowser ? ['webgl', 'webgpu', 'wasm'] : ['cpu', 'wasm']);
});
