// Fixture, not product code: every path rule with paths it must refuse and paths it must keep.
// Used by the unit test of checkPath and by the REST end-to-end test.
export const PATH_CASES: [string, string][] = [
  ['src/App.tsx', 'OK'],
  ['index.html', 'OK'],
  ['public/fonts/Inter.woff2', 'OK'],
  ['src/components/Hero Section.tsx', 'OK'],
  ['src/café.tsx', 'OK'],
  ['.gitignore', 'OK'],
  ['', 'PATH_EMPTY'],
  ['a/'.repeat(130) + 'x.ts', 'PATH_TOO_LONG'],
  // A name is at most MAX_NAME_BYTES (242) UTF-8 bytes: the preview agent's temporary name adds 13 to it, under NAME_MAX (255).
  ['public/' + 'a'.repeat(238) + '.txt', 'OK'],
  ['public/' + 'a'.repeat(239) + '.txt', 'PATH_TOO_LONG'],
  ['src/' + 'a'.repeat(248) + '.ts', 'PATH_TOO_LONG'], // the 252-character name of issue 16
  ['src/' + 'é'.repeat(119) + '.ts', 'OK'], // 241 bytes
  ['src/' + 'é'.repeat(120) + '.tsx', 'PATH_TOO_LONG'], // 124 characters, but 244 bytes
  ['/etc/passwd.ts', 'PATH_ABSOLUTE'],
  ['C:/x.ts', 'PATH_ABSOLUTE'],
  ['~/x.ts', 'PATH_ABSOLUTE'],
  ['../secrets.ts', 'PATH_TRAVERSAL'],
  ['src/../../x.ts', 'PATH_TRAVERSAL'],
  ['src\\App.tsx', 'PATH_BACKSLASH'],
  ['src/App\u0000.tsx', 'PATH_CONTROL_CHARACTER'],
  ['src/App\n.tsx', 'PATH_CONTROL_CHARACTER'],
  ['src/App\u0085.tsx', 'PATH_CONTROL_CHARACTER'],
  ['src//App.tsx', 'PATH_NOT_NORMALIZED'],
  ['./src/App.tsx', 'PATH_NOT_NORMALIZED'],
  ['src/App.tsx/', 'PATH_NOT_NORMALIZED'],
  ['src/ App.tsx', 'PATH_NOT_NORMALIZED'],
  ['\uff0e\uff0e/x.ts', 'PATH_NOT_NORMALIZED'], // full-width dots, NFKC → ..
  ['src/App\u202e.tsx', 'PATH_NOT_NORMALIZED'], // right-to-left override
  ['src/Ap\u200bp.tsx', 'PATH_NOT_NORMALIZED'], // zero-width space
  ['src/cafe\u0301.tsx', 'PATH_NOT_NORMALIZED'], // decomposed é
  ['src/\ufb01le.ts', 'PATH_NOT_NORMALIZED'], // ﬁ ligature
  ['node_modules/react/index.js', 'PATH_FORBIDDEN_DIRECTORY'],
  ['src/Node_Modules/x.js', 'PATH_FORBIDDEN_DIRECTORY'],
  ['.git/config.json', 'PATH_FORBIDDEN_DIRECTORY'],
  ['.git/hooks/pre-commit', 'PATH_FORBIDDEN_DIRECTORY'],
  ['scripts/deploy.sh', 'PATH_EXTENSION_NOT_ALLOWED'],
  ['.env', 'PATH_EXTENSION_NOT_ALLOWED'],
  ['Makefile', 'PATH_EXTENSION_NOT_ALLOWED'],
  ['bin/tool.exe', 'PATH_EXTENSION_NOT_ALLOWED'],
];
