import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { contentScript } from './scripts/content-script-plugin.ts';
import { manifestFor, type Target } from './scripts/manifest-for.ts';

// `vite build --mode chrome|firefox`; KEYDECK_TEST_BUILD=1 builds the test variant into dist-test/.
export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  const testBuild = process.env.KEYDECK_TEST_BUILD === '1';
  const manifest = manifestFor(baseManifest, target, testBuild);
  return {
    plugins: [
      preact(),
      crx({ manifest: manifest as unknown as Parameters<typeof crx>[0]['manifest'], browser: target }),
      contentScript('src/content/index.ts'),
    ],
    build: {
      outDir: `${testBuild ? 'dist-test' : 'dist'}/${target}`,
      emptyOutDir: true,
      // Pages not named in the manifest: Chrome's offscreen clipboard document.
      rollupOptions: target === 'chrome' ? { input: { offscreen: 'src/offscreen/index.html' } } : {},
    },
  };
});
