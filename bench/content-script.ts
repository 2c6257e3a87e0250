// The content script as the product runs it: one cold injection (scripting.executeScript, as
// tab-detection does when the popup opens) into a fresh page that is not OctoPrint, each run.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import { CONTENT_SCRIPT_FILE } from '../src/shared/content-script.ts';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// 3,000 elements (1,000 × div > p > a), like an ordinary article page.
const PLAIN_PAGE = `<!doctype html><title>News</title>${'<div><p>Lorem <a href="#">ipsum</a></p></div>'.repeat(1000)}`;

async function servePlainPage() {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PLAIN_PAGE));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: (run: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/news?run=${run}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export function contentScriptSize(buildDir: string) {
  const source = readFileSync(`${buildDir}/${CONTENT_SCRIPT_FILE}`, 'utf8');
  return { source, bytes: Buffer.byteLength(source), gzip: gzipSync(source).length };
}

/**
 * Per run, two fresh pages: (a) the worker times `scripting.executeScript({files})` from the call to
 * its result (what KeyDeck waits for: injection, parse, run, answer); (b) the page times the script's
 * own parse + run in one cold evaluation (a unique comment defeats the compile cache). Pages time
 * in steps of 0.1 ms.
 */
export async function benchContentScript(browser: ChromiumSession, source: string, runs: number) {
  const pages = await servePlainPage();
  const injected: number[] = [];
  const inPage: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.context.newPage();
      const url = pages.url(`inject-${i}`);
      await page.goto(url);
      injected.push(
        await browser.worker.evaluate(
          async ([target, file]) => {
            const [tab] = await chrome.tabs.query({ url: target });
            const start = performance.now();
            const [{ result }] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: [file] });
            if (result !== null) throw new Error('the plain page was taken for OctoPrint');
            return performance.now() - start;
          },
          [url, CONTENT_SCRIPT_FILE] as const,
        ),
      );
      await page.close();

      const fresh = await browser.context.newPage();
      await fresh.goto(pages.url(`eval-${i}`));
      inPage.push(
        await fresh.evaluate((code) => {
          const start = performance.now();
          (0, eval)(code); // global scope, like a script of its own; compiled here for the first time
          return performance.now() - start;
        }, `${source}\n//${i}-${Math.random()}`),
      );
      await fresh.close();
    }
  } finally {
    await pages.close();
  }
  return { injected, inPage };
}
