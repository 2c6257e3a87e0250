/** Background → offscreen document (Chrome only). The document is an extension page, never a web page. */
export const OFFSCREEN_PATH = 'src/offscreen/index.html';

export interface OffscreenCopy {
  target: 'offscreen';
  type: 'clipboard.copy';
  text: string;
  clearAfterMs: number;
}
