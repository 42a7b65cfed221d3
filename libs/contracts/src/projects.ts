import { z } from 'zod';

const projectName = z.string().trim().min(1, { message: 'must not be empty' }).max(100);

export const createProjectBodySchema = z.object({
  name: projectName,
  templateId: z.string().trim().min(1).max(64).optional(),
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
}

export const uuidSchema = z.uuid();
