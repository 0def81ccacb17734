// Bundles the CLI and the light hook entry into plugin/dist/ with esbuild. Claude Code copies the
// plugin folder (plugin/) and installs no npm package for it (it holds no package.json or lockfile),
// so everything memsync runs at a user's is in these files: the CLI's entry, the chunks it loads
// when a command needs them (code splitting: `--help` does not load the sync engine), and the hook.
// Usage: node scripts/build.mjs [outDir]   (a test builds into a temp folder to check dist/ is current)
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'plugin', 'dist'));

// CommonJS dependencies expect require, __filename and __dirname, which ES modules lack.
const banner = [
  "import { createRequire as __memsyncRequire } from 'node:module';",
  'const require = __memsyncRequire(import.meta.url);',
  "import { fileURLToPath as __memsyncPath } from 'node:url';",
  'const __filename = __memsyncPath(import.meta.url);',
  "const __dirname = __memsyncPath(new URL('.', import.meta.url));",
].join(' ');

// zod's namespace re-exports all its locales (about 370 kB, half of zod in the bundle) and every
// command that reads state loads zod; memsync's messages use the English one alone (zod sets it
// itself), so the bundle gets a locales module holding only that.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: path.join(args.resolveDir, '..', 'locales', 'english-only.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // cosmiconfig's TypeScript loader is never used (settings are JSON) and would add 10 MB.
  // better-sqlite3 is a native module: loaded from node_modules, and only to sync claude-mem.
  external: ['typescript', 'better-sqlite3'],
  banner: { js: banner },
  absWorkingDir: root,
  plugins: [zodEnglishOnly],
};

// A new build leaves no chunk of an old one behind (their names carry a hash of their content).
fs.rmSync(path.join(outDir, 'chunks'), { recursive: true, force: true });
await build({
  ...common,
  // start.mjs: SessionStart's long way, which the hook bundle loads only when it must pull.
  entryPoints: { memsync: 'src/commands/bin.ts', start: 'src/hooks/startLong.ts' },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
// The banner costs each module it heads a createRequire and two URL conversions as it loads, and
// `memsync status` loads some 70 chunks: only the few that use require, __filename or __dirname
// (CommonJS dependencies) keep it.
const usesBanner = /(?<![\w$.])(?:require|__filename|__dirname)(?![\w$])/;
for (const file of fs.readdirSync(outDir, { recursive: true })) {
  if (!file.endsWith('.mjs')) continue;
  const text = fs.readFileSync(path.join(outDir, file), 'utf8');
  const body = text.slice(banner.length + 1);
  if (!text.startsWith(`${banner}\n`))
    throw new Error(`build: ${file} does not start with the banner: check scripts/build.mjs`);
  if (!usesBanner.test(body)) fs.writeFileSync(path.join(outDir, file), body);
}
// The Stop hook runs after every response: CommonJS starts faster than an ES module, and it
// imports only Node builtins and a few small modules of ours (a test keeps it small).
const { banner: _esmOnly, ...cjs } = common;
const hook = path.join(outDir, 'hook.cjs');
await build({ ...cjs, format: 'cjs', entryPoints: ['src/hooks/entry.ts'], outfile: hook });
// esbuild wraps a Node builtin once per importing module (`__toESM(require("node:fs"), 1)` copies
// every property): some 50 copies cost the prompt hook about 15 ms of CPU, a third of `node -e 0`.
// One wrapped copy of each builtin is enough (the helper runs after __toESM is defined).
const wraps = /__toESM\(require\("(node:[a-z_/]+)"\), 1\)/g;
const text = fs.readFileSync(hook, 'utf8');
if (!wraps.test(text)) throw new Error('build: hook.cjs no longer wraps builtins as expected: check scripts/build.mjs');
const once = 'var __builtins = {};\nvar __builtin = (n) => (__builtins[n] ??= __toESM(require(n), 1));\n';
fs.writeFileSync(hook, text.replace(/^var __toESM = /m, `${once}var __toESM = `).replace(wraps, '__builtin("$1")'));
