import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, ConfigError } from './errors.js';
import { registerGradients } from './gradients.js';
import { registerKernelGaps } from './kernels/index.js';
import { isNode, nodeWasmDir } from './runtime.js';

/** The backends Strata can run on. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** The backends, fastest first: the order `useBestBackend` tries them in. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What `useBackend` got: the backend and the facts that decide its speed. */
export interface BackendInfo {
  name: BackendName;
  /** wasm: whether the SIMD binary was loaded. */
  simd?: boolean;
  /** wasm: number of threads XNNPACK uses (1 when threads are unavailable). */
  threads?: number;
  /** Whether the page is cross-origin isolated (needed for wasm threads); undefined in Node. */
  crossOriginIsolated?: boolean;
  /** webgl: the WebGL version (1 or 2). */
  webglVersion?: number;
  /** webgl: the renderer string (e.g. SwiftShader). */
  renderer?: string;
  /** webgpu: what the adapter says of itself. */
  adapter?: { vendor: string; architecture: string; device: string; description: string };
  /** The kernels Strata registered to close gaps in this backend (see `kernelGaps`). */
  kernelGaps: string[];
}

/** Options of `useBackend`. */
export interface UseBackendOptions {
  /**
   * wasm: where the `.wasm` binaries are, as a folder prefix ending in `/` (a file path in
   * Node, a URL in browsers) or a map from each binary's file name to its location. Needed
   * after bundling, when the binaries are not beside the bundle. In Node without this option,
   * Strata finds the installed `@tensorflow/tfjs-backend-wasm` package's `dist/` folder.
   */
  wasmPaths?: string | Record<string, string>;
  /** wasm: the number of threads to use where threads are available. */
  numThreads?: number;
}

const PACKAGES: Record<BackendName, string> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgl: '@tensorflow/tfjs-backend-webgl',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
};

// Literal specifiers, so bundlers see (and split out) each backend package.
const LOADERS: Record<BackendName, () => Promise<unknown>> = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
};

/**
 * Loads, activates and awaits a backend, closes its kernel gaps, and says what it got.
 *
 * The backend package is imported only here, on first use. Throws `BackendUnavailableError`
 * naming the backend and the reason when it cannot start.
 *
 * @example
 * const info = await useBackend('wasm');
 * console.log(info.simd, info.threads);
 */
export async function useBackend(
  name: BackendName,
  options: UseBackendOptions = {},
): Promise<BackendInfo> {
  if (!(name in PACKAGES)) {
    throw new ConfigError({
      subject: 'useBackend',
      expected: `one of ${Object.keys(PACKAGES).join(', ')}`,
      received: JSON.stringify(name),
    });
  }
  const module = await loadPackage(name);
  const adapter = name === 'webgpu' ? await requestAdapter() : undefined;
  if (name === 'webgl') checkWebGL();
  if (name === 'wasm') await configureWasm(module as WasmModule, options);

  const warnings: string[] = [];
  const ok = await withCapturedWarnings(warnings, () => tf.setBackend(name));
  if (!ok) {
    throw new BackendUnavailableError(
      name,
      'the backend to initialize',
      `initialization failed${warnings.length ? `: ${warnings.join(' ').trim()}` : ''}`,
    );
  }
  await tf.ready();
  await registerGradients();
  const kernelGaps = registerKernelGaps(name);
  return describeBackend(name, module, adapter, kernelGaps);
}

/** The outcome of `useBestBackend`: what was chosen and why each earlier one was skipped. */
export interface BestBackend {
  info: BackendInfo;
  skipped: { name: BackendName; reason: string }[];
}

/**
 * Tries backends in order (default webgpu → webgl → wasm → cpu) and activates the first that
 * starts, reporting why each skipped one was skipped.
 *
 * @example
 * const { info, skipped } = await useBestBackend();
 */
export async function useBestBackend(
  order: readonly BackendName[] = BACKEND_NAMES,
  options: UseBackendOptions = {},
): Promise<BestBackend> {
  const skipped: BestBackend['skipped'] = [];
  for (const name of order) {
    try {
      return { info: await useBackend(name, options), skipped };
    } catch (error) {
      skipped.push({
        name,
        reason: error instanceof BackendUnavailableError ? error.reason : String(error),
      });
    }
  }
  throw new BackendUnavailableError(
    order.join(' → '),
    'one backend to start',
    skipped.map((s) => `${s.name}: ${s.reason}`).join('; ') || 'an empty list',
  );
}

async function loadPackage(name: BackendName): Promise<unknown> {
  try {
    return await LOADERS[name]();
  } catch (error) {
    throw new BackendUnavailableError(
      name,
      `the package ${PACKAGES[name]}@${tf.version_core} to be installed`,
      `it could not be imported (${(error as Error).message ?? error}); install it with \`npm i ${PACKAGES[name]}@${tf.version_core}\``,
      { cause: error },
    );
  }
}

async function requestAdapter(): Promise<GPUAdapterLike> {
  const gpu = (globalThis as { navigator?: { gpu?: GPULike } }).navigator?.gpu;
  if (gpu == null) {
    throw new BackendUnavailableError(
      'webgpu',
      'a WebGPU implementation (navigator.gpu)',
      isNode()
        ? 'navigator.gpu is undefined: plain Node has no WebGPU (a Dawn binding such as the npm package `webgpu` must define navigator.gpu first)'
        : 'navigator.gpu is undefined: this browser has WebGPU disabled or unsupported',
    );
  }
  let adapter: GPUAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    throw new BackendUnavailableError(
      'webgpu',
      'a WebGPU adapter',
      `requestAdapter() threw: ${error}`,
      {
        cause: error,
      },
    );
  }
  if (adapter == null) {
    throw new BackendUnavailableError(
      'webgpu',
      'a WebGPU adapter',
      'navigator.gpu.requestAdapter() returned null (no adapter)',
    );
  }
  return adapter;
}

function checkWebGL(): void {
  const hasCanvas = typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined';
  if (!hasCanvas) {
    throw new BackendUnavailableError(
      'webgl',
      'a WebGL2 context',
      'this runtime has neither OffscreenCanvas nor document, so no WebGL context can be created (WebGL runs in browsers)',
    );
  }
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : document.createElement('canvas');
  const gl =
    (canvas as HTMLCanvasElement).getContext('webgl2') ??
    (canvas as HTMLCanvasElement).getContext('webgl');
  if (gl == null) {
    throw new BackendUnavailableError(
      'webgl',
      'a WebGL2 context',
      'getContext("webgl2") and getContext("webgl") returned null',
    );
  }
}

interface WasmModule {
  setWasmPaths(prefixOrMap: string | Record<string, string>, usePlatformFetch?: boolean): void;
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}

async function configureWasm(module: WasmModule, options: UseBackendOptions): Promise<void> {
  // Not tf.findBackend: it starts initializing the backend, before the paths are set.
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  if (registry.wasm != null) return; // already initialized: paths are fixed
  if (options.numThreads != null) module.setThreadsCount(options.numThreads);
  const paths = options.wasmPaths ?? (isNode() ? await nodeWasmDir() : null);
  if (paths == null) return;
  try {
    module.setWasmPaths(paths);
  } catch (error) {
    throw new BackendUnavailableError(
      'wasm',
      'wasmPaths to be set before the first initialization',
      `an earlier initialization failed and tfjs cannot retry it in this process (${(error as Error).message})`,
      { cause: error },
    );
  }
}

async function withCapturedWarnings<T>(into: string[], fn: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    into.push(
      args
        .map((a) =>
          a instanceof Error ? a.message : typeof a === 'object' ? safeJson(a) : String(a),
        )
        .join(' '),
    );
  };
  try {
    return await fn();
  } finally {
    console.warn = original;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

async function describeBackend(
  name: BackendName,
  module: unknown,
  adapter: GPUAdapterLike | undefined,
  kernelGaps: string[],
): Promise<BackendInfo> {
  const info: BackendInfo = { name, kernelGaps };
  if (typeof globalThis.crossOriginIsolated === 'boolean')
    info.crossOriginIsolated = globalThis.crossOriginIsolated;
  if (name === 'wasm') {
    info.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    info.threads = threaded ? (module as WasmModule).getThreadsCount() : 1;
  } else if (name === 'webgl') {
    info.webglVersion = tf.env().getNumber('WEBGL_VERSION');
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    if (gl != null) {
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      info.renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    }
  } else if (name === 'webgpu' && adapter != null) {
    const a = adapter.info ?? {};
    info.adapter = {
      vendor: a.vendor ?? '',
      architecture: a.architecture ?? '',
      device: a.device ?? '',
      description: a.description ?? '',
    };
  }
  return info;
}

interface GPULike {
  requestAdapter(): Promise<GPUAdapterLike | null>;
}
interface GPUAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}
