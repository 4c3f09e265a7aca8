/** Where Debian's Chromium is (override with CHROMIUM_PATH). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium flags that work on this machine (see ../shared/ENVIRONMENT.md): no sandbox as
 * root, no background networking (the network is closed), SwiftShader for WebGL, and WebGPU.
 * Shared by the browser test project and the benchmark.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];
