/**
 * The document closes itself once nothing needs it (Chrome keeps an offscreen document open until
 * it does): each job holds it open, and the last one to finish says how long to linger.
 */
let jobs = 0;
let closeTimer: ReturnType<typeof setTimeout> | undefined;

/** Holds the document open until the returned release is called (once). */
export function hold(): (lingerMs: number) => void {
  jobs++;
  clearTimeout(closeTimer);
  let released = false;
  return (lingerMs) => {
    if (released) return;
    released = true;
    jobs--;
    if (jobs === 0) closeTimer = setTimeout(() => window.close(), lingerMs);
  };
}
