/**
 * `pnpm --filter @strata/docs example <name> [flags]` runs `examples/<name>.ts` against the
 * built packages (run `pnpm build` first, or use the root `pnpm example <name>`): it imports
 * the example and calls its exported `main()`, which reads the flags from the command line.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');
const name = process.argv.slice(2).find((a) => a !== '--');
const file = name == null ? null : join(examples, `${name}.ts`);
if (file == null || !existsSync(file)) {
  const known = readdirSync(examples)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  console.error(`Usage: pnpm example <name>. Examples: ${known.join(', ')}`);
  process.exit(2);
}
const example = (await import(pathToFileURL(file).href)) as { main?: () => Promise<void> };
await example.main?.();
