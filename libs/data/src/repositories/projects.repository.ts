import type { DataSource, EntityManager, Repository } from 'typeorm';
import { ProjectEntity } from '../entities/project.entity.js';

/** A new project: its id is chosen by the caller, which stores the first version's blobs under it first. */
export interface NewProject {
  id: string;
  ownerId: string;
  name: string;
  templateId: string;
}

/**
 * The `projects` rows as people own them. Every read a request makes names the owner, so another user's
 * project is simply not found. (The head version and event seq move elsewhere: FileStore, project events.)
 */
export class ProjectsRepository {
  private readonly projects: Repository<ProjectEntity>;

  constructor(private readonly db: DataSource | EntityManager) {
    this.projects = db.getRepository(ProjectEntity);
  }

  /**
   * Inserts the project at version 1 and runs `alongside` in the same transaction (the first version's row),
   * so a project never exists without its files.
   */
  create(project: NewProject, alongside: (tx: EntityManager) => Promise<void>): Promise<ProjectEntity> {
    return this.db.transaction(async (tx) => {
      const projects = tx.getRepository(ProjectEntity);
      const saved = await projects.save(projects.create({ ...project, headVersion: 1 }));
      await alongside(tx);
      return saved;
    });
  }

  /** The owner's projects, newest first. */
  listOwned(ownerId: string): Promise<ProjectEntity[]> {
    return this.projects.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findOwned(ownerId: string, id: string): Promise<ProjectEntity | null> {
    return this.projects.findOneBy({ id, ownerId });
  }

  countOwned(ownerId: string): Promise<number> {
    return this.projects.countBy({ ownerId });
  }

  /** Whoever owns it: for housekeeping that must never act on a live project. */
  exists(id: string): Promise<boolean> {
    return this.projects.existsBy({ id });
  }

  /** Renames a project read with `findOwned`; returns it as stored (its `updatedAt` moved). */
  rename(project: ProjectEntity, name: string): Promise<ProjectEntity> {
    return this.projects.save(Object.assign(project, { name }));
  }

  /** Deletes the owner's project and, by cascade, every row that hangs off it; false when there was none. */
  async deleteOwned(ownerId: string, id: string): Promise<boolean> {
    const res = await this.projects.delete({ id, ownerId });
    return Boolean(res.affected);
  }
}
