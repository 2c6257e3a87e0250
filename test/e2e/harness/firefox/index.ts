// Firefox ESR over WebDriver BiDi: launch and profile (launch.ts, prefs.ts, process.ts), one tab
// (tab.ts), the privileged browser scope (privileged.ts).
export { launchFirefox, LAUNCH_TIMEOUT_MS, type FirefoxSession, type LaunchOptions } from './launch';
export { OFFLINE_PREFS, type PrefValue } from './prefs';
export { FIREFOX_BINARY, runningFirefoxPids } from './process';
export { backgroundState, evaluateInChrome, terminateBackground } from './privileged';
export { type EvaluateOptions, type FirefoxTab } from './tab';
