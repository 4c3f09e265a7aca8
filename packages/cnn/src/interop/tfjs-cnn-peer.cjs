/**
 * The tfjs-layers side of the CNN interop test, run in its own Node process (ENVIRONMENT.md,
 * "Running tfjs-layers beside Strata"): the union package `@tensorflow/tfjs` registers the
 * chained ops tfjs-layers needs, and its tfjs-core stays apart from Strata's.
 *
 * Usage: `node tfjs-cnn-peer.cjs request.json response.json`. The request is
 * `{action: 'predict', dir, input}` (load the model Strata saved in `dir`, predict `input`) or
 * `{action: 'build', dir, input, targets}` (build a seeded Conv2D(relu) → BatchNormalization →
 * MaxPooling2D → Flatten → Dense(softmax) model, train it a few steps so that the moving
 * statistics move, save it to `dir`, predict `input`). Tensors are `{shape, values}`; the
 * response is `{shape, values, classNames, movingMean}` (the first BatchNormalization's moving
 * mean, null without one).
 */
const fs = require('node:fs');
const tf = require('@tensorflow/tfjs');
const { directoryHandler: handlerFor } = require('@strata/test-utils/tfjs-directory-handler');

const directoryHandler = (dir) => handlerFor(tf, dir);

function build(inputShape) {
  const m = tf.sequential({
    layers: [
      tf.layers.conv2d({
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        inputShape,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.batchNormalization({ momentum: 0.5 }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return m;
}

async function main() {
  const [requestPath, responsePath] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
  await tf.setBackend('cpu');
  const x = tf.tensor(request.input.values, request.input.shape);
  let model;
  if (request.action === 'build') {
    model = build(request.input.shape.slice(1));
    const y = tf.tensor(request.targets.values, request.targets.shape);
    await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    await model.save(directoryHandler(request.dir));
  } else {
    model = await tf.loadLayersModel(directoryHandler(request.dir));
  }
  const predicted = model.predict(x);
  const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization');
  const movingMean = bn?.getWeights().find((w) => w.name.includes('moving_mean'));
  fs.writeFileSync(
    responsePath,
    JSON.stringify({
      shape: predicted.shape,
      values: Array.from(await predicted.data()),
      classNames: model.layers.map((l) => l.getClassName()),
      movingMean: movingMean == null ? null : Array.from(await movingMean.data()),
    }),
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
