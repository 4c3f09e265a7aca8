/**
 * Runs the shared measurement in headless Chromium: bundles src/browser/page.ts with
 * esbuild, serves it (and tfjs-backend-wasm's binaries) from 127.0.0.1 with COOP/COEP
 * headers, and drives the page with playwright-core, one `page.evaluate` per backend.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@strata/test-utils/chromium';
import { build, type Plugin } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { PageCaseOptions, PageEnvironment } from './browser/page.js';
import { messageOf, type ProgressListener } from './measure.js';
import type { CaseProgress, TrainCaseResult } from './train-runner.js';
import type { BackendName, BackendResult, BenchConfig, Environment } from './types.js';

export const BROWSER_BACKENDS: readonly BackendName[] = ['webgl', 'webgpu', 'wasm'];

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export interface BrowserRunOptions {
  config: BenchConfig;
  backends?: readonly BackendName[];
  onProgress?: ProgressListener;
  onResult?: (result: BackendResult) => void;
  /** Give up on one backend after this long (the page is then replaced). Default 240 s. */
  backendTimeoutMs?: number;
  /** Run these cases on every started backend too (both implementations in the page). */
  cases?: PageCaseOptions;
  onCaseProgress?: (event: CaseProgress | string) => void;
  /** Give up on one backend's cases after this long. Default 300 s. */
  casesTimeoutMs?: number;
}

export interface BrowserRun {
  results: BackendResult[];
  environment: Pick<
    Environment,
    'chromium' | 'chromiumReason' | 'userAgent' | 'browserCores' | 'crossOriginIsolated'
  >;
  log: string[];
  /** The cases' results per backend (empty when no cases were asked for). */
  cases: TrainCaseResult[];
}

export async function runBrowser(options: BrowserRunOptions): Promise<BrowserRun> {
  const { config, backends = BROWSER_BACKENDS, onProgress, onResult } = options;
  const timeoutMs = options.backendTimeoutMs ?? 240_000;
  const log: string[] = [];
  const results: BackendResult[] = [];
  const push = (result: BackendResult) => {
    results.push(result);
    onResult?.(result);
  };
  const noBrowser = (reason: string): BrowserRun => {
    for (const backend of backends) push({ place: 'chromium', backend, started: false, reason });
    return { results, environment: { chromium: null, chromiumReason: reason }, log, cases: [] };
  };

  if (!existsSync(CHROMIUM_PATH)) {
    return noBrowser(
      `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-'));
  let server: Server | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    try {
      await bundlePage(dir);
    } catch (error) {
      return noBrowser(`bundling src/browser/page.ts failed: ${buildErrorText(error)}`);
    }
    server = await serve(dir, wasmDir());
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS],
        timeout: 60_000,
      });
    } catch (error) {
      return noBrowser(`Chromium failed to launch: ${firstLine(messageOf(error))}`);
    }
    const context = await browser.newContext();
    // Which steps each backend got through, to tell "did not start" from "failed later".
    const started = new Set<BackendName>();
    await context.exposeFunction('__benchProgress', (event: Parameters<ProgressListener>[0]) => {
      if (event.step === 'start' && event.phase === 'end') started.add(event.backend);
      onProgress?.(event);
    });
    await context.exposeFunction('__benchCaseProgress', (event: CaseProgress | string) => {
      options.onCaseProgress?.(event);
    });

    let page: Page;
    try {
      page = await openPage(context, origin, log);
    } catch (error) {
      return noBrowser(`the bench page did not load: ${firstLine(messageOf(error))}`);
    }
    const env: PageEnvironment = await page.evaluate(() => {
      const bench = window.__bench;
      if (bench == null) throw new Error('window.__bench is missing');
      return bench.environment();
    });

    for (const backend of backends) {
      try {
        const run = page.evaluate(
          ([name, cfg, wasmPaths]) => {
            const bench = window.__bench;
            if (bench == null) throw new Error('window.__bench is missing');
            return bench.run(name, cfg, wasmPaths);
          },
          [backend, config, `${origin}/wasm/`] as const,
        );
        push(
          await withTimeout(run, timeoutMs, `${backend} did not finish in ${timeoutMs / 1000} s`),
        );
      } catch (error) {
        const message = firstLine(messageOf(error));
        push(
          started.has(backend)
            ? { place: 'chromium', backend, started: true, error: message }
            : { place: 'chromium', backend, started: false, reason: message },
        );
        // The page may be hung or crashed: the next backend gets a fresh one.
        await page.close().catch(() => undefined);
        page = await openPage(context, origin, log);
      }
    }
    const cases: TrainCaseResult[] = [];
    const caseOptions = options.cases;
    if (caseOptions != null) {
      const casesTimeoutMs = options.casesTimeoutMs ?? 300_000;
      for (const backend of backends) {
        if (!results.some((r) => r.backend === backend && r.started)) continue;
        try {
          const run = page.evaluate(
            ([name, opts, wasmPaths]) => {
              const bench = window.__bench;
              if (bench == null) throw new Error('window.__bench is missing');
              return bench.runCases(name, opts, wasmPaths);
            },
            [backend, caseOptions, `${origin}/wasm/`] as const,
          );
          cases.push(
            ...(await withTimeout(
              run,
              casesTimeoutMs,
              `the cases on ${backend} did not finish in ${casesTimeoutMs / 1000} s`,
            )),
          );
        } catch (error) {
          cases.push({
            case: caseOptions.cases?.join(',') ?? `${caseOptions.suite} suite`,
            description: 'the page failed while running the cases',
            place: 'chromium',
            backend,
            batchSize: 0,
            flopsPerSample: 0,
            impls: [],
            ratio: null,
            initialLossDiff: null,
            error: firstLine(messageOf(error)),
          });
          await page.close().catch(() => undefined);
          page = await openPage(context, origin, log);
        }
      }
    }
    return {
      cases,
      results,
      environment: {
        chromium: browser.version(),
        userAgent: env.userAgent,
        browserCores: env.hardwareConcurrency,
        crossOriginIsolated: env.crossOriginIsolated,
      },
      log,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The folder with tfjs-backend-wasm's three `.wasm` binaries. */
function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

/**
 * Node built-ins that browser code imports but never calls: @strata/core's dist starts with
 * tsup's ESM shims (`import path from "path"; import { fileURLToPath } from "url"`), unused
 * in browsers. They become an empty CommonJS module, so any named import is `undefined`.
 */
const nodeBuiltinStub: Plugin = {
  name: 'node-builtin-stub',
  setup(b) {
    b.onResolve(
      {
        filter:
          /^(node:)?(path|url|fs|fs\/promises|os|module|crypto|worker_threads|events|readline)$/,
      },
      (args) => ({
        path: args.path,
        namespace: 'node-builtin-stub',
      }),
    );
    b.onLoad({ filter: /.*/, namespace: 'node-builtin-stub' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

async function bundlePage(outdir: string): Promise<void> {
  await build({
    plugins: [nodeBuiltinStub],
    entryPoints: { page: fileURLToPath(new URL('./browser/page.ts', import.meta.url)) },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    // @strata/layers loads its terminal progress bar with `await import()` in Node only;
    // the cases load brain.js (needs Node's `stream`) the same way, in Node only.
    external: ['cli-progress', 'brain.js'],
    outdir,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}

const HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Strata bench</title></head>
<body><script type="module" src="/page.js"></script></body></html>
`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

/** A static server on a random free port of 127.0.0.1, cross-origin isolated. */
function serve(bundleDir: string, wasmFolder: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    try {
      let body: string | Buffer;
      let type: string;
      if (path === '/favicon.ico') {
        response.writeHead(204, headers).end();
        return;
      }
      if (path === '/' || path === '/index.html') {
        body = HTML;
        type = TYPES['.html'];
      } else if (path.startsWith('/wasm/') && extname(path) === '.wasm') {
        body = await readFile(join(wasmFolder, basename(path)));
        type = TYPES['.wasm'];
      } else if (extname(path) === '.js') {
        body = await readFile(join(bundleDir, basename(path)));
        type = TYPES['.js'];
      } else {
        response.writeHead(404, headers).end('not found');
        return;
      }
      response.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
    } catch {
      response.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function openPage(context: BrowserContext, origin: string, log: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') {
      log.push(`[${message.type()}] ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__bench != null, null, { timeout: 60_000 });
  return page;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function buildErrorText(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] })
    .errors;
  if (!errors?.length) return firstLine(messageOf(error));
  return errors.map((e) => (e.location ? `${e.location.file}: ${e.text}` : e.text)).join('; ');
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
