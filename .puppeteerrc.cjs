// Puppeteer's own browser download cannot succeed offline (and we do not want a second Chromium):
// imprint finds a browser itself (PUPPETEER_EXECUTABLE_PATH, puppeteer's cache, then the system's).
/** @type {import("puppeteer").Configuration} */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  "chrome-headless-shell": { skipDownload: true },
  firefox: { skipDownload: true },
};
