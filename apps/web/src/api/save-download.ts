import { request } from './client';

/**
 * Fetches a file with the session (a refresh on the way if the access token expired) and hands it to the
 * browser as a download, named as the API's Content-Disposition says.
 */
export async function saveDownload(url: string, fileName: string): Promise<void> {
  const res = await request('GET', url);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fileName;
  const href = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
