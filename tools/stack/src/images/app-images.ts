/** The production images' tags (docker/app/Dockerfile's `api` and `worker` targets). */
export interface AppImages {
  api: string;
  worker: string;
}

/**
 * Builds the API (with the web client) and worker production images when their inputs changed, and returns
 * their tags. Stub: the IMAGES owner fills it in (issue 22).
 */
export async function ensureAppImages(_log: (line: string) => void): Promise<AppImages> {
  throw new Error('ensureAppImages: not built yet');
}
