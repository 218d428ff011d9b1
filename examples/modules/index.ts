/**
 * One small program per portable module ('kernels' is sublinear/core's wasm and js kernel backends). Each `run()` returns the lines it would print; the same
 * lines come out under Node (examples/node/modules.ts) and in a browser (examples/browser/modules.html),
 * where each module is bundled on its own with esbuild.
 */
export const MODULE_EXAMPLES = ['core', 'kernels', 'maxtree', 'sketch', 'kron', 'logdet', 'optim', 'nn', 'data', 'cuda', 'streams', 'testing'] as const;

/** The name of a portable module that has an example here. */
export type ModuleExample = (typeof MODULE_EXAMPLES)[number];

/** What every example module exports. */
export interface ExampleModule {
  run(): string[] | Promise<string[]>;
}
