import type { InstructionsBody, InstructionsView, NewVersionView } from '@studio/contracts';
import { api } from '../../api/client';

const pathOf = (projectId: string) => `/api/projects/${projectId}/instructions`;

/** The instructions at the head (docs/API.md "Project instructions"). */
export const loadInstructions = (projectId: string) => api<InstructionsView>('GET', pathOf(projectId));

/** Saves them on top of `baseVersion`: 409 VERSION_CONFLICT when the head moved since. */
export const saveInstructions = (projectId: string, body: InstructionsBody) => api<NewVersionView>('PUT', pathOf(projectId), body);
