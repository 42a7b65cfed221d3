// The public surface of @studio/page-edits (docs/API.md "Edits on the page"): an edit a person made on the
// preview, applied to the source as pure code. The API reads the files and commits what this returns.
export { applyPageEdit, type PageEditResult, type ReadFile } from './apply-page-edit.js';
export { renderedJsxText, sameText } from './jsx-text.js';
