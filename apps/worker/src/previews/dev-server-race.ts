/**
 * The dev server's own race, not the page's code: a module ran before React Refresh's preamble (which Vite puts
 * in index.html) had set the page up, as a load that meets the dev server mid-update can. SWC's plugin said so
 * ("can't detect preamble"); with Vite's own React plugin (Oxc) the module just finds `$RefreshSig$` or
 * `$RefreshReg$` undefined, names no model writes. Loading again settles it: a render check loads again, and
 * it is never blamed on the page nor shown to the person as the page's error.
 */
export const isDevServerRace = (message: string): boolean => /can't detect preamble|\$Refresh(?:Sig|Reg)\$ is not defined/.test(message);
