/** The loaded templates and component library (@studio/catalog `Catalog`). */
export const CATALOG = Symbol('CATALOG');
