import { checkProtected, type FileLimits, type ProtectedCheckChange } from '@studio/files';
import { isRelativeSpecifier, packageNameOf, resolveRelativeImport } from '@studio/imports';
import { analyzeSource, type ImportRef } from './analysis/source-analysis.js';
import { Refused } from './refusals.js';
import type { WorkingTree } from './working-tree.js';

/** What the checks of one file need to know about the project beyond the tree. */
export interface WriteRules {
  /** The packages the preview image has: a bare import of anything else is refused. */
  packages: ReadonlySet<string>;
  limits: FileLimits;
}

/** Refuses a change to a protected file (the build and dev-server config, package.json scripts...). */
export function guardProtected(change: ProtectedCheckChange, tree: WorkingTree): void {
  const issue = checkProtected(change, (p) => tree.text(p));
  if (issue) throw new Refused('PROTECTED_FILE', issue.message);
}

/**
 * The checks of one file's new content that need nothing else of the reply: protected files, sizes and limits,
 * a real parse, dangerous patterns, bare imports against the preview image's packages. Throws `Refused`;
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
  for (const ref of analysis.imports) {
    const pkg = packageNameOf(ref.specifier);
    if (pkg !== null && !packages.has(pkg)) {
      const available = [...packages].sort().join(', ');
      throw new Refused('IMPORT_NOT_AVAILABLE', `${path} line ${ref.line} imports '${ref.specifier}', which the preview does not have (available: ${available}).`, ref.line);
    }
  }
  return analysis.imports.filter((ref) => isRelativeSpecifier(ref.specifier) && !resolveRelativeImport(path, ref.specifier, (p) => p === path || tree.has(p)));
}
