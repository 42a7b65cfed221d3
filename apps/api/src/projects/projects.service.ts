import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Catalog, DEFAULT_TEMPLATE_ID } from '@studio/catalog';
import type { CreateProjectBody, Project } from '@studio/contracts';
import { type ProjectEntity, ProjectsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import { AuditLog } from '../audit/audit-log.js';
import { CATALOG } from '../catalog/catalog.injection-keys.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { UserCaps } from '../infra/user-caps.js';

export const toProjectView = (p: ProjectEntity): Project => ({
  id: p.id,
  name: p.name,
  templateId: p.templateId,
  headVersion: p.headVersion,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** Projects, always looked up by owner and id together: another user's project does not exist (404). */
@Injectable()
export class ProjectsService {
  private readonly logger = new Logger(ProjectsService.name);

  constructor(
    private readonly projects: ProjectsRepository,
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly jobs: JobQueue,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly caps: UserCaps,
    private readonly audit: AuditLog,
  ) {}

  async create(ownerId: string, body: CreateProjectBody): Promise<Project> {
    const templateId = body.templateId ?? DEFAULT_TEMPLATE_ID;
    const template = this.catalog.templates.get(templateId);
    if (!template) {
      throw new DomainError('TEMPLATE_NOT_FOUND', `No template "${templateId}".`, { available: this.catalog.templates.list().map((t) => t.id) });
    }
    await this.caps.assertCanCreateProject(ownerId);
    // Version 1 is the template's files: blobs first, then the project and its first version in one
    // transaction, so a project never exists without its files.
    const id = randomUUID();
    const prepared = await this.files.prepare(
      id,
      template.files.map((f) => ({ action: 'write' as const, ...f })),
    );
    const saved = await this.projects.create({ id, ownerId, name: body.name, templateId }, (tx) =>
      this.files.insertFirstVersion(tx, id, prepared, { source: 'template', message: `Created from the ${templateId} template` }),
    );
    await this.audit.byOwner(ownerId, 'project.created', { type: 'project', id }, { name: body.name, templateId });
    return toProjectView(saved);
  }

  async list(ownerId: string): Promise<Project[]> {
    const rows = await this.projects.listOwned(ownerId);
    return rows.map(toProjectView);
  }

  /** The owner's project, or PROJECT_NOT_FOUND: the same answer for a missing id and someone else's. */
  async getOwned(ownerId: string, id: string): Promise<ProjectEntity> {
    const found = isUuid(id) ? await this.projects.findOwned(ownerId, id) : null;
    if (!found) throw new DomainError('PROJECT_NOT_FOUND', 'No such project.');
    return found;
  }

  async rename(ownerId: string, id: string, name: string): Promise<Project> {
    const project = await this.getOwned(ownerId, id);
    const from = project.name;
    const renamed = await this.projects.rename(project, name);
    await this.audit.byOwner(ownerId, 'project.renamed', { type: 'project', id: project.id }, { from, to: name });
    return toProjectView(renamed);
  }

  /**
   * Deletes the row (and, by cascade, everything in Postgres that hangs off it), then hands the objects to
   * the worker. If the enqueue fails the objects are orphans: harmless, and collected by a later sweep.
   */
  async remove(ownerId: string, id: string, requestId?: string): Promise<void> {
    const project = await this.getOwned(ownerId, id);
    await this.projects.deleteOwned(ownerId, project.id);
    await this.audit.byOwner(ownerId, 'project.deleted', { type: 'project', id: project.id }, { name: project.name });
    await this.jobs
      .enqueue('project.purge', { projectId: project.id, ownerId, requestId }, { jobId: `purge-${project.id}` })
      .catch((err) => this.logger.error({ msg: 'could not enqueue project purge', projectId: project.id, err: String(err) }));
  }
}
