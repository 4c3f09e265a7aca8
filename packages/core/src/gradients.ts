let registered: Promise<void> | null = null;

/**
 * Registers tfjs-core's gradient functions, once. tfjs-core 4.22 defines them but leaves
 * registering them to the union package `@tensorflow/tfjs`; without this, `grad()` of most ops
 * throws "gradient function not found". Called by `useBackend`, so importing Strata
 * registers nothing.
 *
 * The module is ESM with extension-less imports, which plain Node cannot load; Strata's build
 * bundles it (see tsup.config.ts).
 */
export function registerGradients(): Promise<void> {
  registered ??= import('@tensorflow/tfjs-core/dist/register_all_gradients').then(() => undefined);
  return registered;
}
