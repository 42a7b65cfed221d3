import type { ComponentLibrary } from './component-library.js';

/** The model routers (chat and summary) built from the LLM_* settings. */
export const LLM_ROUTERS = Symbol('LLM_ROUTERS');

/** What turns validate against: the preview image's packages and the component library. */
export const TURN_DEPS = Symbol('TURN_DEPS');
export interface TurnDeps {
  packages: ReadonlySet<string>;
  components: ComponentLibrary;
}
