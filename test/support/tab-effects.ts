/**
 * A finish capture's effects on the browser (scrub the tab, block its requests, forget the URL in
 * history) done by nothing: for tests that assert what is captured and stored, not those effects.
 */
export const noTabEffects = {
  scrubTab: async () => undefined,
  block: async () => undefined,
  unblock: async () => undefined,
  forgetUrl: async () => undefined,
};
