// The layering of src/ (docs/architecture.md), checked by `npm test`. A layer may import only the
// layers before it in LAYERS; the package entry src/index.ts may import anything.
/** @type {readonly string[]} bottom to top; docs/architecture.md has a section for each, in this order */
export const LAYERS = ['util', 'names', 'knowledge', 'zonefile', 'srv', 'plan', 'sim', 'regfile', 'dns', 'checks', 'gather', 'render', 'update', 'kms', 'doctor', 'audit', 'cli'];

// Layers that hold logic only: their I/O is handed to them by a layer above.
const PURE = ['names', 'knowledge', 'srv', 'sim', 'regfile', 'checks', 'render'];

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only ${LAYERS.slice(0, index).join(', ') || 'no other layer'} (docs/architecture.md#${layer})`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(index + 1).join('|')})/` },
}));

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'an import cycle means two modules are one concept split in two, or a type lives in the wrong place',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports is dead code (src/index.ts, src/testing.ts and the bin are entry points)',
      severity: 'error',
      from: { orphan: true, pathNot: ['^src/index[.]ts$', '^src/testing[.]ts$', '^src/cli/bin[.]ts$', '[.]d[.]ts$'] },
      to: {},
    },
    {
      name: 'pure-no-io',
      comment: `${PURE.join(', ')} are pure: files, sockets and processes are reached through a layer above`,
      severity: 'error',
      from: { path: `^src/(${PURE.join('|')})/` },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|dgram|dns|child_process|readline|http|https|tls|os|worker_threads)$' },
    },
    {
      name: 'flags-only-in-cli',
      comment: 'only src/cli reads command-line flags',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '(^|/)node_modules/commander/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (TypeScript ESM imports name the .js the .ts compiles to)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type pulled from a higher layer couples the layers just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts'] },
  },
};
