import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * `@strata/<name>` → `packages/<name>/src/index.ts`, so tests run against source, unbuilt.
 * Exact matches only: subpaths such as `@strata/test-utils/chromium` resolve normally.
 */
function sourceAliases(): { find: RegExp; replacement: string }[] {
  const alias = [
    {
      find: /^@strata\/test-utils$/,
      replacement: join(repoRoot, 'tooling/test-utils/src/index.ts'),
    },
  ];
  for (const name of readdirSync(join(repoRoot, 'packages'))) {
    const entry = join(repoRoot, 'packages', name, 'src/index.ts');
    if (existsSync(entry))
      alias.push({ find: new RegExp(`^@strata/${name}$`), replacement: entry });
  }
  return alias;
}

export interface StrataVitestOptions {
  /** Also run the suite in headless Chromium (WebGL, WebGPU, browser wasm). Default true. */
  browser?: boolean;
}

/**
 * The vitest config every Strata package uses: a `node` project (cpu, wasm) and a `browser`
 * project in Debian's headless Chromium (WebGL and WebGPU on SwiftShader, and wasm). Files
 * named `*.node.test.ts` run only in Node, `*.browser.test.ts` only in the browser. Without
 * Chromium the browser project is left out with a warning, except under `CI=true`, where
 * it stays and the run fails.
 */
export function strataVitestConfig({ browser = true }: StrataVitestOptions = {}): ViteUserConfig {
  const haveChromium = existsSync(CHROMIUM_PATH);
  const isCI = process.env.CI === 'true' || process.env.CI === '1';
  const withBrowser = browser && (haveChromium || isCI);
  if (browser && !withBrowser) {
    console.warn(
      `[strata] ${CHROMIUM_PATH} not found: browser backends (webgl, webgpu) are not tested. apt-get install -y chromium`,
    );
  }
  return defineConfig({
    resolve: { alias: sourceAliases(), dedupe: ['@tensorflow/tfjs-core'] },
    // Node-only modules that Strata imports lazily (the terminal progress bar): keep vite
    // from discovering and pre-bundling them mid-run, which reloads the browser page.
    optimizeDeps: { exclude: ['cli-progress'] },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
            environment: 'node',
            // tfjs-core's gradient registrations are ESM with extension-less imports, which
            // Node cannot load natively; let vite transform tfjs-core instead.
            server: { deps: { inline: [/@tensorflow\//] } },
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        ...(withBrowser
          ? [
              {
                extends: true as const,
                test: {
                  name: 'browser',
                  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
                  exclude: ['**/*.node.test.ts', '**/node_modules/**'],
                  testTimeout: 120_000,
                  hookTimeout: 120_000,
                  browser: {
                    enabled: true,
                    headless: true,
                    screenshotFailures: false,
                    provider: playwright({
                      launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
                    }),
                    instances: [{ browser: 'chromium' as const }],
                  },
                },
              },
            ]
          : []),
      ],
    },
  });
}
