/// <reference path="./wasm-url.d.ts" />
import {
  type BackendName,
  getBackend,
  type Tensor,
  tidy,
  type UseBackendOptions,
  useBackend,
} from '@strata/core';

/** True inside the browser project (headless Chromium). */
export const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** The backends a suite runs on here: cpu and wasm in Node; WebGL, WebGPU and wasm in Chromium. */
export const BACKENDS_HERE: readonly BackendName[] = inBrowser
  ? ['webgl', 'webgpu', 'wasm']
  : ['cpu', 'wasm'];

/**
 * Agreement with cpu expected per backend (absolute + relative, as `atol + rtol·|expected|`).
 * wasm (XNNPACK) sums in another order; WebGL and WebGPU on SwiftShader run float32 shaders
 * with approximate transcendental functions.
 */
export const TOLERANCE: Record<BackendName, { atol: number; rtol: number }> = {
  cpu: { atol: 1e-6, rtol: 1e-6 },
  wasm: { atol: 1e-5, rtol: 1e-5 },
  webgl: { atol: 1e-4, rtol: 1e-3 },
  webgpu: { atol: 1e-4, rtol: 1e-3 },
};

let wasmOptions: UseBackendOptions | null = null;

/** In the browser, the URLs vite serves the wasm binaries at; in Node, nothing (found automatically). */
async function wasmOptionsHere(): Promise<UseBackendOptions> {
  if (wasmOptions != null) return wasmOptions;
  if (!inBrowser) {
    wasmOptions = {};
    return wasmOptions;
  }
  const [plain, simd, threaded] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
  ]);
  wasmOptions = {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': plain.default,
      'tfjs-backend-wasm-simd.wasm': simd.default,
      'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
    },
  };
  return wasmOptions;
}

/** Activates `name` with the options this place needs (wasm binary URLs in the browser). */
export async function useTestBackend(name: BackendName) {
  return useBackend(name, name === 'wasm' ? await wasmOptionsHere() : {});
}

/**
 * Runs `fn` on the cpu backend and returns its outputs as arrays (the reference other
 * backends are compared with), then switches back to the backend that was active.
 */
export async function referenceOnCpu(fn: () => Tensor | Tensor[]): Promise<Float32Array[]> {
  const previous = getBackend();
  await useBackend('cpu');
  try {
    return tidy(() => {
      const out = fn();
      return (Array.isArray(out) ? out : [out]).map((t) =>
        Float32Array.from(t.dataSync() as ArrayLike<number>),
      );
    });
  } finally {
    if (previous != null && previous !== 'cpu') await useTestBackend(previous as BackendName);
  }
}
