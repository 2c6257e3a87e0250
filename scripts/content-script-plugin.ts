import { build, type Plugin } from 'vite';
import { CONTENT_SCRIPT_FILE } from '../src/shared/content-script.ts';

const GLOBAL = '__keydeckDetect';

/**
 * Builds the content script as one self-contained IIFE at a fixed path. It is not in the manifest
 * (KeyDeck asks for no site access at install): the background injects or registers it by name.
 * crxjs's loader would add a dynamic import and web-accessible resources to a 2 KB script.
 * The footer makes the detection the script's completion value, which executeScript returns.
 */
export function contentScript(entry: string): Plugin {
  return {
    name: 'keydeck-content-script',
    apply: 'build',
    async generateBundle() {
      const output = await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          minify: true,
          lib: { entry, formats: ['iife'], name: GLOBAL, fileName: () => CONTENT_SCRIPT_FILE },
          rollupOptions: { output: { footer: `${GLOBAL}.result;` } },
        },
      });
      const chunk = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []))[0];
      if (!chunk || chunk.type !== 'chunk') throw new Error('The content script did not build.');
      this.emitFile({ type: 'asset', fileName: CONTENT_SCRIPT_FILE, source: chunk.code });
    },
  };
}
