import { projectPrefix } from '@studio/files';

/** Where an export's zip lives: under its project's prefix, so deleting the project deletes it too. */
export const exportKey = (projectId: string, exportId: string) => `${projectPrefix(projectId)}exports/${exportId}.zip`;
