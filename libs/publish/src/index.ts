// The public surface of @studio/publish (docs/ARCHITECTURE.md "libs/publish"): what a deployment is made of
// besides the build: its manifest, content types, precompressed copies, SEO head tags, sitemap, robots.txt,
// favicons, the 404 page, the share screenshot, and the site view both apps send.
export { contentTypeOf, DEFAULT_CONTENT_TYPE, isCompressible, isHashedAsset } from './content-types.js';
export { APPLE_TOUCH_ICON, FAVICON_ICO, FAVICON_PNG, faviconsFrom, icoOf } from './favicon.js';
export { type HeadMeta, type PageFacts, readPageFacts, withHeadTags } from './head-tags.js';
export { escapeAttribute, escapeText } from './html-escape.js';
export { type DeployedFile, type DeploymentManifest, deployedFile, deploymentKey, deploymentPrefix, etagOf } from './manifest.js';
export { notFoundPage } from './not-found.js';
export { type Compressed, MIN_COMPRESS_BYTES, precompress } from './precompress.js';
export { robotsTxt } from './robots.js';
export { type RenderedFacts, type ScreenshotOptions, screenshotSite } from './screenshot.js';
export { MAX_SHARE_IMAGE_BYTES, shareImage } from './share-image.js';
export { type SiteFields, type SitesAddressing, siteUrl, siteView } from './site-view.js';
export { sitemapXml } from './sitemap.js';
