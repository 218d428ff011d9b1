/**
 * Every portable module's example under Node, printed module by module: the same programs (and,
 * but for where CUDA and MNIST differ, the same lines) as the browser page examples/browser/modules.html.
 *
 *   node --conditions=sublinear-source --import tsx examples/node/modules.ts
 */
import { MODULE_EXAMPLES, type ExampleModule } from '../modules/index.js';

for (const name of MODULE_EXAMPLES) {
  const example = (await import(`../modules/${name}.js`)) as ExampleModule;
  console.log(`## ${name}`);
  for (const line of await example.run()) console.log(line);
}
