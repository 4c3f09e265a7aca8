/**
 * The tfjs-layers side of the interop tests, run in its own Node process (see
 * ENVIRONMENT.md, "Running tfjs-layers beside Strata"): the union package `@tensorflow/tfjs`
 * registers the chained ops tfjs-layers needs, and its tfjs-core stays apart from Strata's.
 *
 * Usage: `node tfjs-peer.cjs request.json response.json`, where the request is
 * `{action: 'predict', dir, inputs}` (load the model in `dir`, predict) or
 * `{action: 'build', kind: 'mlp' | 'functional', dir, inputs}` (build, train a few steps,
 * save to `dir`, predict). `inputs` are `{shape, dtype, values}`; the response is
 * `{outputs: [{shape, values}], classNames}`.
 */
const fs = require('node:fs');
const tf = require('@tensorflow/tfjs');
const { directoryHandler: handlerFor } = require('@strata/test-utils/tfjs-directory-handler');

const directoryHandler = (dir) => handlerFor(tf, dir);

/** Seeded, so that every run builds and trains the same model. */
const init = (seed) => tf.initializers.glorotUniform({ seed });

function build(kind) {
  if (kind === 'mlp') {
    const m = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 8,
          activation: 'relu',
          inputShape: [4],
          kernelInitializer: init(1),
        }),
        tf.layers.dropout({ rate: 0.2, seed: 2 }),
        tf.layers.layerNormalization(),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
      ],
    });
    m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    return m;
  }
  const ids = tf.input({ shape: [5], dtype: 'int32', name: 'ids' });
  const feats = tf.input({ shape: [3], name: 'feats' });
  const flat = tf.layers
    .flatten()
    .apply(
      tf.layers
        .embedding({ inputDim: 20, outputDim: 4, embeddingsInitializer: init(4) })
        .apply(ids),
    );
  const joined = tf.layers.concatenate().apply([flat, feats]);
  const out = tf.layers
    .dense({ units: 2, activation: 'tanh', kernelInitializer: init(5) })
    .apply(joined);
  const m = tf.model({ inputs: [ids, feats], outputs: out });
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return m;
}

async function main() {
  const [requestPath, responsePath] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
  await tf.setBackend('cpu');
  const inputs = request.inputs.map((t) => tf.tensor(t.values, t.shape, t.dtype));
  let model;
  if (request.action === 'build') {
    model = build(request.kind);
    // A few training steps, so that the saved weights are not the initial ones.
    await model.fit(
      inputs.length === 1 ? inputs[0] : inputs,
      tf.tensor(request.targets.values, request.targets.shape),
      {
        epochs: 2,
        batchSize: 4,
        shuffle: false,
        verbose: 0,
      },
    );
    await model.save(directoryHandler(request.dir));
  } else {
    model = await tf.loadLayersModel(directoryHandler(request.dir));
  }
  const predicted = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  const outputs = (Array.isArray(predicted) ? predicted : [predicted]).map((t) => ({
    shape: t.shape,
    values: Array.from(t.dataSync()),
  }));
  const classNames = model.layers.map((l) => l.getClassName());
  fs.writeFileSync(responsePath, JSON.stringify({ outputs, classNames }));
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
