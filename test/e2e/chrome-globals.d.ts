// Code that tests evaluate inside extension pages and the service worker uses the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any
