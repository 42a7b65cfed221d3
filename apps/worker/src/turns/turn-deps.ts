import type { Catalog } from '@studio/catalog';
import type { TypeChecker } from '@studio/typecheck';

/** The model routers (chat and summary) built from the LLM_* settings. */
export const LLM_ROUTERS = Symbol('LLM_ROUTERS');

/** What turns validate against and tell the model about: the preview image's packages, the templates and the component library. */
export const TURN_DEPS = Symbol('TURN_DEPS');
export interface TurnDeps {
  packages: ReadonlySet<string>;
  catalog: Catalog;
  /** Type-checks changes against the preview image's type definitions; absent when those are not installed. */
  typeChecker?: Pick<TypeChecker, 'check'>;
}
