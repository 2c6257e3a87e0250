/** The popup page opened in a tab as `?view=farm` (FarmPage.tsx); its own module so linking there does not load the farm's code. */
export function farmPageUrl(here = location.href): string {
  return new URL('?view=farm', here).href;
}
