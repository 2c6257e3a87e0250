/**
 * A filter on the key list from outside the search box (the expiry banner, Check all's summary):
 * only `ids` are shown, under "Showing {label}", until "Show all" calls `onClear`.
 */
export interface KeyFilter {
  label: string;
  ids: ReadonlySet<string>;
  onClear(): void;
}
