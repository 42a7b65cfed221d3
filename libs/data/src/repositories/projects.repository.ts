import type { DataSource, EntityManager, Repository } from 'typeorm';
import { ProjectEntity } from '../entities/project.entity.js';
import { settleTurn } from './turn-settlement.js';

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

  /**
   * Deletes the owner's project and, by cascade, every row that hangs off it; false when there was none. Its
   * turns go with it, so in the same transaction each unfinished one is fenced (the lease moves on: a worker
   * still running it records and settles nothing more) and settled: its calls become ledger rows (their
   * project_id then set NULL, as for any deleted project's usage) and what it held is given back.
   */
  deleteOwned(ownerId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [owned]: unknown[] = await tx.query(`SELECT 1 FROM projects WHERE id = $1 AND owner_id = $2 FOR UPDATE`, [id, ownerId]);
      if (!owned) return false;
      // An UPDATE … RETURNING answers [rows, affected].
      const [open]: [{ id: string }[], number] = await tx.query(`UPDATE turns SET lease = lease + 1 WHERE project_id = $1 AND status IN ('queued', 'running') RETURNING id`, [id]);
      for (const turn of open) await settleTurn(tx, turn.id);
      const res = await tx.getRepository(ProjectEntity).delete({ id, ownerId });
      return Boolean(res.affected);
    });
  }
}
