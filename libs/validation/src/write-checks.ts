import { ASSET_DIR } from '@studio/contracts';
import { checkModelProtected, type FileLimits, type ProtectedCheckChange } from '@studio/files';
import { isRelativeSpecifier, packageNameOf, resolveRelativeImport } from '@studio/imports';
import { type AssetRef, findAssetRefs } from './analysis/asset-refs.js';
import { analyzeSource, type ImportRef } from './analysis/source-analysis.js';
import { Refused } from './refusals.js';
import type { WorkingTree } from './working-tree.js';

/** What the checks of one file need to know about the project beyond the tree. */
export interface WriteRules {
  /** The packages the preview image has: a bare import of anything else is refused. */
  packages: ReadonlySet<string>;
  limits: FileLimits;
}

/**
 * Refuses a change to a protected file (the build and dev-server config, package.json scripts...): the model's
 * rule, so the studio's own files (`.studio/`, the person's instructions) are refused too.
 */
export function guardProtected(change: ProtectedCheckChange, tree: WorkingTree): void {
  const issue = checkModelProtected(change, (p) => tree.text(p));
  if (issue) throw new Refused('PROTECTED_FILE', issue.message);
}

/** How many existing assets an ASSET_NOT_FOUND message names, so the model can pick a real one. */
const ASSETS_NAMED = 5;

/**
 * A page that names an asset the project does not have shows a broken image: refused like an unresolved
 * import, naming the path and the assets there are (the tree as it will be, so an asset written earlier in the
 * same reply counts).
 */
function assetNotFound(path: string, ref: AssetRef, tree: WorkingTree): Refused {
  const assets = tree
    .paths()
    .filter((p) => p.startsWith(ASSET_DIR))
    .sort()
    .map((p) => `/${p.slice('public/'.length)}`);
  const named = assets.slice(0, ASSETS_NAMED).join(', ');
  const more = assets.length > ASSETS_NAMED ? ` and ${assets.length - ASSETS_NAMED} more` : '';
  const known = assets.length ? `The project's assets: ${named}${more}.` : 'The project has no assets: draw it with CSS, inline SVG or an icon instead, or ask the person to upload the image.';
  const message = `${path}:${ref.line}:${ref.column} uses ${ref.url}, but ${ref.path} does not exist. ${known}`;
  return new Refused('ASSET_NOT_FOUND', message, ref.line, assets.slice(0, ASSETS_NAMED), ref.column);
}

/**
 * The checks of one file's new content that need nothing else of the reply: protected files, sizes and limits,
 * a real parse, dangerous patterns, `/assets/...` references to files that do not exist, bare imports against the preview image's packages. Throws `Refused`;
 * otherwise returns the relative imports that do not resolve in the tree yet (a later change may add them).
 */
export function checkWrite(path: string, text: string, content: Buffer, tree: WorkingTree, rules: WriteRules): ImportRef[] {
  const { limits, packages } = rules;
  guardProtected({ action: 'write', path, content: text }, tree);
  if (content.length > limits.maxFileBytes) throw new Refused('FILE_TOO_LARGE', `${path} is ${content.length} bytes; the limit is ${limits.maxFileBytes}.`);
  if (!tree.has(path) && tree.count + 1 > limits.maxFiles) throw new Refused('PROJECT_TOO_MANY_FILES', `The project would have more than ${limits.maxFiles} files.`);
  if (tree.bytesAfterWrite(path, content.length) > limits.maxProjectBytes) throw new Refused('PROJECT_TOO_LARGE', `The project would exceed ${limits.maxProjectBytes} bytes.`);

  const analysis = analyzeSource(path, text);
  if (analysis.syntaxError) throw new Refused('SYNTAX_ERROR', analysis.syntaxError.message, analysis.syntaxError.line);
  const danger = analysis.dangerous[0];
  if (danger) throw new Refused('DANGEROUS_CODE', danger.message, danger.line);
  const missing = findAssetRefs(path, text).find((ref) => !tree.has(ref.path));
  if (missing) throw assetNotFound(path, missing, tree);
  for (const ref of analysis.imports) {
    const pkg = packageNameOf(ref.specifier);
    if (pkg !== null && !packages.has(pkg)) {
      const available = [...packages].sort().join(', ');
      throw new Refused('IMPORT_NOT_AVAILABLE', `${path} line ${ref.line} imports '${ref.specifier}', which the preview does not have (available: ${available}).`, ref.line);
    }
  }
  return analysis.imports.filter((ref) => isRelativeSpecifier(ref.specifier) && !resolveRelativeImport(path, ref.specifier, (p) => p === path || tree.has(p)));
}
