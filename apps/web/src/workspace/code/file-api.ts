import type { FileEntry, NewVersionView } from '@studio/contracts';
import { api, request } from '../../api/client';

/** The routes of docs/API.md "Files and versions" the code view and the diff use. */
const filesUrl = (projectId: string) => `/api/projects/${projectId}/files`;
export const rawFileUrl = (projectId: string, path: string, version: number) => `${filesUrl(projectId)}/raw?${new URLSearchParams({ path, version: String(version) })}`;

export const listFiles = (projectId: string, version: number) => api<FileEntry[]>('GET', `${filesUrl(projectId)}?version=${version}`);

/** A file's bytes at a version, as the store holds them (the API sends every file as a download). */
export async function readFileBytes(projectId: string, path: string, version: number): Promise<Uint8Array> {
  const res = await request('GET', rawFileUrl(projectId, path, version));
  return new Uint8Array(await res.arrayBuffer());
}

/** Writes a file's text as a person's edit on top of `baseVersion` (a compare-and-swap: 409 VERSION_CONFLICT when the head moved). */
export async function saveFileText(projectId: string, path: string, baseVersion: number, text: string): Promise<NewVersionView> {
  const res = await request('PUT', `${filesUrl(projectId)}/raw?${new URLSearchParams({ path, baseVersion: String(baseVersion) })}`, new Blob([text]));
  const answer: NewVersionView = await res.json();
  return answer;
}
