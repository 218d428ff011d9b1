/**
 * The page behind modules.html: imports each module's bundle (bundles/<name>.js, one esbuild bundle
 * per module), runs it, and shows its lines. With `?report`, it also POSTs every result to /result
 * (what the browser test reads).
 */
import { MODULE_EXAMPLES, type ExampleModule } from '../modules/index.js';

interface Outcome { name: string; lines?: string[]; error?: string }

async function main(): Promise<void> {
  const isolated = globalThis.crossOriginIsolated === true;
  document.getElementById('isolation')!.textContent = `crossOriginIsolated: ${isolated}, SharedArrayBuffer: ${typeof SharedArrayBuffer}`;
  const results: Outcome[] = [];
  for (const name of MODULE_EXAMPLES) {
    const section = document.createElement('section');
    section.innerHTML = `<h2>${name}</h2><pre>running…</pre>`;
    document.getElementById('results')!.append(section);
    let outcome: Outcome;
    try {
      const url = new URL(`./bundles/${name}.js`, import.meta.url).href; // a URL, so esbuild leaves the bundle separate
      const module = (await import(url)) as ExampleModule;
      outcome = { name, lines: await module.run() };
    } catch (e) {
      outcome = { name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    section.querySelector('pre')!.textContent = outcome.lines?.join('\n') ?? `error: ${outcome.error}`;
    results.push(outcome);
  }
  if (new URLSearchParams(location.search).has('report')) {
    await fetch('/result', { method: 'POST', body: JSON.stringify({ crossOriginIsolated: isolated, sharedArrayBuffer: typeof SharedArrayBuffer, results }) });
  }
}

void main();
