/**
 * `sublinear`: the whole toolkit from one entry point. Each module is also its own subpath
 * (`sublinear/core`, `sublinear/maxtree`, …), which is the lighter import. The namespaces are those
 * of the browser entry (index.browser.ts) plus `workers`, the Node-only pool.
 * @packageDocumentation
 */
export * from './index.browser.js';
export * as workers from './workers/index.js';
