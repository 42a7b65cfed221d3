export { RENDER_CHECK_OPTIONS, RenderChecker, type RenderCheckOptions, type RenderCheckStats, type RenderCheckTarget } from './render-checker.js';
