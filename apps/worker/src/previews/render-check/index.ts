export { RENDER_CHECK_OPTIONS, type RenderCheckOptions, RenderChecker, type RenderCheckStats, type RenderCheckTarget } from './render-checker.js';
