// The CLI as one CommonJS file, dist/kms-srv.cjs: what npm's `bin` runs and what `npm run build:exe`
// turns into single executables. esbuild bundles src/cli/bin.ts with every dependency; the library
// (package `exports`) stays tsc's dist/. Run after tsc (npm run build): the file is written with
// dist/util/atomic-write.js, whole or not at all.
// Usage: node scripts/bundle.mjs [OUTFILE]   (default dist/kms-srv.cjs)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_PATH = path.join(root, 'dist', 'kms-srv.cjs');

/**
 * src/cli/demo/shipped-zones.ts reads zones/ beside the package; a single file has none, so the
 * bundle gets a module holding the same files' text (the list is the one that module exports).
 */
const embedShippedZones = {
  name: 'embed-shipped-zones',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]demo[\\/]shipped-zones\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const list = /SHIPPED_DEMO_ZONES = (\[[^\]]*\])/.exec(source);
      if (!list) throw new Error(`${args.path} no longer declares SHIPPED_DEMO_ZONES = [...]`);
      const names = JSON.parse(list[1].replaceAll("'", '"'));
      const texts = Object.fromEntries(names.map((name) => [name, readFileSync(path.join(root, 'zones', name), 'utf8')]));
      return {
        loader: 'js',
        contents: `export const SHIPPED_DEMO_ZONES = ${JSON.stringify(names)};\nconst TEXTS = ${JSON.stringify(texts)};\nexport function shippedZoneText(name) { return TEXTS[name]; }\n` +
          // The bundle is dist/kms-srv.cjs, so zones/ is one level up; a single executable has none.
          `export function shippedZonesDir() { const p = require('node:path').join(__dirname, '..', 'zones'); return require('node:fs').existsSync(p) ? p : 'not beside this executable: it is in the kms-srv package and the repository'; }\n`,
      };
    });
  },
};

/**
 * Dependencies most commands never use (a third of the bundle): each is bundled on its own and kept in
 * the file as a string, compiled the first time it is required. V8 scans a string far faster than it
 * pre-parses code, so `discover` and `--version` do not pay for the plan's YAML and JSON Schema code.
 */
const COMPILED_ON_FIRST_USE = ['yaml', 'ajv/dist/2020.js'];

const compileOnFirstUse = {
  name: 'compile-on-first-use',
  setup(b) {
    const filter = new RegExp(`^(${COMPILED_ON_FIRST_USE.map((id) => id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'compile-on-first-use' }));
    b.onLoad({ filter: /.*/, namespace: 'compile-on-first-use' }, async (args) => {
      const chunk = await build({
        stdin: { contents: `module.exports = require(${JSON.stringify(args.path)});`, resolveDir: root, loader: 'js' },
        bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', write: false, logLevel: 'silent',
      });
      if (chunk.warnings.length > 0) throw new Error(`bundling ${args.path}: ${chunk.warnings.map((w) => w.text).join('; ')}`);
      const source = JSON.stringify(chunk.outputFiles[0].text);
      return {
        loader: 'js',
        resolveDir: root,
        contents: [
          `const chunk = { exports: {} };`,
          `require('node:vm').compileFunction(${source}, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: ${JSON.stringify(`kms-srv:${args.path}`)} })(chunk.exports, require, chunk, __filename, __dirname);`,
          `module.exports = chunk.exports;`,
        ].join('\n'),
      };
    });
  },
};

/** Bundles the CLI into `outfile`. Warnings are errors: an `import.meta.url` read left in src/ would be empty in CommonJS. */
export async function bundleCli(outfile = BUNDLE_PATH) {
  const result = await build({
    entryPoints: [path.join(root, 'src', 'cli', 'bin.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Smaller text is less for V8 to scan at every start; names are not needed (no stack traces are shown).
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins: [embedShippedZones, compileOnFirstUse],
  });
  if (result.warnings.length > 0) {
    throw new Error(`esbuild warned:\n${result.warnings.map((w) => `  ${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`).join('\n')}`);
  }
  const [output] = result.outputFiles;
  const { writeFileAtomic } = await import(pathToFileURL(path.join(root, 'dist', 'util', 'atomic-write.js')).href);
  await writeFileAtomic(outfile, output.contents, { force: true, mode: 0o755 });
  return { path: outfile, bytes: output.contents.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path: written, bytes } = await bundleCli(process.argv[2] ? path.resolve(process.argv[2]) : BUNDLE_PATH);
    process.stderr.write(`bundle: ${path.relative(process.cwd(), written)} (${(bytes / 1024).toFixed(0)} KiB)\n`);
  } catch (error) {
    process.stderr.write(`bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
