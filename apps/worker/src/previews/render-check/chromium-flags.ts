/**
 * Chromium keeps only the last --disable-features it is given, and Playwright passes its own list first; so
 * ours repeats the part of Playwright's that matters here (no requests to Google's services at start, plain
 * HTTP stays HTTP, pages not held back before their first paint) and adds the omnibox popups: Debian's
 * Chromium is the full browser in headless mode, which renders two omnibox WebUI pages for every new
 * window, two extra renderer processes and about a second of CPU per check for nothing.
 */
const DISABLED_FEATURES = [
  'AimEnabled',
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsFirstBalancedModeAutoEnable',
  'HttpsUpgrades',
  'LensOverlay',
  'MediaRouter',
  'NetworkTimeServiceQuerying',
  'OptimizationHints',
  'PaintHolding',
  'PreconnectToSearch',
  'ThirdPartyStoragePartitioning',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxPopup',
];

/** Headless, and nothing that phones home or runs in the background. */
export const CHROMIUM_FLAGS = [
  '--headless',
  // The worker often runs as root in a container, where Chromium's own sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];
