import { ConfigError, formatShape, SerializationError } from '@strata/core';
import { fetchBytes } from './fetch-bytes.js';
import { gunzip, isGzip } from './gunzip.js';
import { type IdxArray, parseIdx } from './idx.js';
import { ImageClassificationSet, type LabeledImages } from './image-classification-set.js';
import { isNode, nodeFs, nodePath } from './node-runtime.js';

/**
 * Where to load an MNIST-style data set from: a local directory, or a base URL (with a cache
 * directory in Node). With neither, a well-known local directory is used if it exists.
 */
export interface IdxImageSetOptions {
  /** A directory holding the four files (gzipped or not). */
  dir?: string;
  /** A base URL the four `.gz` files are under, e.g. `FASHION_MNIST_URL`. */
  url?: string;
  /** Node: keep downloaded files here (under their own names, so it is a valid `dir` later). */
  cacheDir?: string;
  /** The `fetch` to use for `url` (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
}

/** What distinguishes one MNIST-style data set from another. */
export interface IdxImageSetSpec {
  name: string;
  /** Directories searched when neither `dir` nor `url` is given. */
  defaultDirs: readonly string[];
  /** The public URL to suggest when nothing is found. */
  publicUrl: string;
  /** How to install the files locally, e.g. an apt-get line, or null. */
  installHint: string | null;
  classNames: readonly string[];
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

type FileKey = keyof typeof FILES;

/**
 * Loads the four IDX files of an MNIST-style data set — `{train,t10k}-{images-idx3,
 * labels-idx1}-ubyte.gz` — from a directory or a URL, and checks that they fit together.
 *
 * @example
 * const data = await loadIdxImageSet(spec, { dir: '/data/mnist' });
 */
export async function loadIdxImageSet(
  spec: IdxImageSetSpec,
  options: IdxImageSetOptions = {},
): Promise<ImageClassificationSet> {
  const read = await chooseReader(spec, options);
  const keys = Object.keys(FILES) as FileKey[];
  // allSettled: a failed file must not leave the others' downloads running after we throw.
  const settled = await Promise.allSettled(keys.map((key) => read(FILES[key])));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed != null) throw (failed as PromiseRejectedResult).reason;
  const bytes = Object.fromEntries(
    keys.map((key, i) => [key, (settled[i] as PromiseFulfilledResult<Uint8Array>).value]),
  ) as Record<FileKey, Uint8Array>;
  const decoded = {} as Record<FileKey, IdxArray>;
  for (const key of keys) {
    const raw = isGzip(bytes[key]) ? await gunzip(bytes[key]) : bytes[key];
    decoded[key] = parseIdx(raw, FILES[key]);
  }
  return new ImageClassificationSet(
    spec.name,
    toSplit(spec.name, decoded.trainImages, decoded.trainLabels),
    toSplit(spec.name, decoded.testImages, decoded.testLabels),
    spec.classNames,
  );
}

function toSplit(name: string, images: IdxArray, labels: IdxArray): LabeledImages {
  const fail = (expected: string, received: string) =>
    new SerializationError({ subject: name, expected, received });
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw fail(
      'uint8 images of shape [count, height, width]',
      `${images.dtype} ${formatShape(images.shape)}`,
    );
  }
  if (
    labels.dtype !== 'uint8' ||
    labels.shape.length !== 1 ||
    labels.shape[0] !== images.shape[0]
  ) {
    throw fail(`${images.shape[0]} uint8 labels`, `${labels.dtype} ${formatShape(labels.shape)}`);
  }
  return {
    images: images.data as Uint8Array,
    labels: labels.data as Uint8Array,
    count: images.shape[0],
    shape: [images.shape[1], images.shape[2]],
  };
}

type FileReader = (file: string) => Promise<Uint8Array>;

async function chooseReader(
  spec: IdxImageSetSpec,
  options: IdxImageSetOptions,
): Promise<FileReader> {
  if (options.dir != null) return directoryReader(spec, options.dir);
  if (options.url != null) {
    const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
    return (file) =>
      fetchBytes(`${base}${file}.gz`, { cacheDir: options.cacheDir, fetch: options.fetch });
  }
  if (isNode()) {
    const fs = await nodeFs();
    const path = await nodePath();
    for (const dir of spec.defaultDirs) {
      const probe = path.join(dir, `${FILES.trainImages}.gz`);
      if (
        await fs.access(probe).then(
          () => true,
          () => false,
        )
      )
        return directoryReader(spec, dir);
    }
  }
  const ways = [
    ...(spec.installHint != null
      ? [`'${spec.installHint}' (for ${spec.defaultDirs.join(', ')})`]
      : []),
    `{dir} with the files ${Object.values(FILES)
      .map((f) => `${f}.gz`)
      .join(', ')}`,
    `{url: '${spec.publicUrl}', cacheDir} to download them once`,
  ];
  throw new ConfigError({
    subject: spec.name,
    expected: `the data set files: ${ways.join('; or ')}`,
    received: isNode()
      ? `no dir or url, and none of ${spec.defaultDirs.join(', ')} exists`
      : 'no url',
  });
}

async function directoryReader(spec: IdxImageSetSpec, dir: string): Promise<FileReader> {
  if (!isNode()) {
    throw new ConfigError({
      subject: spec.name,
      expected: 'a {url} in a browser',
      received: `{dir: '${dir}'}`,
    });
  }
  const fs = await nodeFs();
  const path = await nodePath();
  return async (file) => {
    for (const name of [`${file}.gz`, file]) {
      try {
        const data = await fs.readFile(path.join(dir, name));
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new ConfigError({
      subject: spec.name,
      expected: `${file}.gz (or ${file}) in '${dir}'`,
      received: 'no such file',
    });
  };
}
