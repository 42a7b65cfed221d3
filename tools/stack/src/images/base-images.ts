/**
 * Base images for the product's own images where no registry can be pulled from. Stubs: the IMAGES owner
 * fills them in (issue 22); the COMPOSE owner's stand-ins build on them.
 */

/** A Debian bookworm base with a working apt (a stand-in for `debian:bookworm-slim`); returns its tag. */
export async function ensureDebianBase(_log: (line: string) => void): Promise<string> {
  throw new Error('ensureDebianBase: not built yet');
}

/** Node 22 on that base (a stand-in for `node:22-bookworm-slim`); returns its tag. */
export async function ensureNodeBase(_log: (line: string) => void): Promise<string> {
  throw new Error('ensureNodeBase: not built yet');
}
