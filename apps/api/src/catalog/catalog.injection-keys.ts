/** The loaded templates and component library (@studio/catalog `Catalog`): its Nest injection key. */
export const CATALOG = Symbol('CATALOG');
