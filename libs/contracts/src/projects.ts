import { z } from 'zod';
import { text } from './text.js';

const projectName = text().trim().min(1, { message: 'must not be empty' }).max(100);

export const createProjectBodySchema = z.object({
  name: projectName,
  templateId: text().trim().min(1).max(64).optional(),
});
export const updateProjectBodySchema = z.object({ name: projectName });

export type CreateProjectBody = z.infer<typeof createProjectBodySchema>;
export type UpdateProjectBody = z.infer<typeof updateProjectBodySchema>;

export interface Project {
  id: string;
  name: string;
  templateId: string;
  headVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  /** The library components the template is built from, in page order. */
  sections: string[];
  /** GET this (with the usual auth) for a PNG of the template's first screen; null when it has none. */
  thumbnailUrl: string | null;
}

/** A prop a library component takes (all are optional: every component renders alone with its defaults). */
export interface ComponentProp {
  name: string;
  type: string;
  description: string;
}

export interface ComponentSummary {
  id: string;
  name: string;
  category: string;
  description: string;
  props: ComponentProp[];
  /** The bare packages its source imports (all of them in the preview image). */
  imports: string[];
}

/** One library component with its source (`GET /api/components/:id`). */
export interface ComponentDetail extends ComponentSummary {
  source: string;
}

export const uuidSchema = z.uuid();
