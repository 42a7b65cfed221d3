import type { VersionSource } from '@studio/contracts';
import { DataSource, type EntityManager, ILike } from 'typeorm';
import { ProjectEntity } from '../entities/project.entity.js';
import { type Manifest, ProjectVersionEntity, type StoredChange } from '../entities/project-version.entity.js';

/** What a new version is stored with besides its number and base (both fixed by the method that inserts it). */
export interface NewVersion {
  manifest: Manifest;
  source: VersionSource;
  message: string;
  turnId: string | null;
  changes: StoredChange[];
}

/** A version as the history lists it: everything but its manifest. */
export type VersionSummary = Pick<ProjectVersionEntity, 'number' | 'source' | 'turnId' | 'message' | 'name' | 'createdAt' | 'changes'>;

const SUMMARY = { number: true, source: true, turnId: true, message: true, name: true, createdAt: true, changes: true } as const;

/** `q` as an ILIKE pattern that matches it anywhere, literally: its own `%`, `_` and `\` are no wildcards. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A project's versions (`project_versions`) and the head that points at one of them (`projects.head_version`),
 * for FileStore (libs/files), which decides what a version holds. Versions are only ever added; the head
 * moves only by `advanceHead`'s compare-and-swap. Every query is scoped by project id. Takes a DataSource, or
 * a transaction's EntityManager (the project's first version is written in the transaction that inserts it).
 */
export class ProjectVersionsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The same repository inside a transaction someone else opened. */
  within(tx: EntityManager): ProjectVersionsRepository {
    return new ProjectVersionsRepository(tx);
  }

  /**
   * Runs `work` in one transaction, with this repository bound to it and the transaction itself for the
   * writes that must land with the version or not at all (a turn completes in its commit's transaction).
   */
  transaction<T>(work: (versions: ProjectVersionsRepository, tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new ProjectVersionsRepository(tx), tx));
  }

  /** The version the project's files are at; null when there is no such project. */
  async head(projectId: string): Promise<number | null> {
    const project = await this.db.getRepository(ProjectEntity).findOne({ where: { id: projectId }, select: { id: true, headVersion: true } });
    return project ? project.headVersion : null;
  }

  /** Version `number`'s files; null when the project has no such version. */
  async manifest(projectId: string, number: number): Promise<Manifest | null> {
    const row = await this.versions().findOne({ where: { projectId, number }, select: { manifest: true, number: true, projectId: true } });
    return row ? row.manifest : null;
  }

  /** Version 1 of a new project; call it `within` the transaction that inserts the project (at head 1). */
  async insertFirst(projectId: string, version: NewVersion): Promise<void> {
    await this.versions().insert({ projectId, number: 1, ...version, baseVersion: null });
  }

  /**
   * The compare-and-swap: moves the head from `base` to `base + 1` only if it is still `base`, and inserts
   * version `base + 1`, in one transaction (the caller's when there is one). The update takes the project's
   * row lock, so of two commits on one base the second waits, then finds the head moved. Returns the new
   * number, or null when the head is no longer `base` (nothing was written).
   */
  advanceHead(projectId: string, base: number, version: NewVersion): Promise<number | null> {
    return this.inTransaction(async (tx) => {
      const next = base + 1;
      const moved = await tx
        .createQueryBuilder()
        .update(ProjectEntity)
        .set({ headVersion: next, updatedAt: () => 'now()' })
        .where('id = :projectId AND head_version = :base', { projectId, base })
        .execute();
      if (!moved.affected) return null;
      await tx.getRepository(ProjectVersionEntity).insert({ projectId, number: next, ...version, baseVersion: base });
      return next;
    });
  }

  /**
   * Every version of the project, newest first, without the manifests; with `q`, only those whose name or
   * message contains it (case-insensitive), so a checkpoint is found by its name.
   */
  history(projectId: string, filter: { q?: string } = {}): Promise<VersionSummary[]> {
    const q = filter.q?.trim();
    const where = q
      ? [
          { projectId, name: ILike(containing(q)) },
          { projectId, message: ILike(containing(q)) },
        ]
      : { projectId };
    return this.versions().find({ where, order: { number: 'DESC' }, select: SUMMARY });
  }

  /**
   * Names version `number` (null takes the name away), only when the project is `ownerId`'s: the name is the
   * one thing of a version a person may change. Returns the version as listed, or null when there is no such
   * version of a project of theirs.
   */
  async setName(ownerId: string, projectId: string, number: number, name: string | null): Promise<VersionSummary | null> {
    const named = await this.versions()
      .createQueryBuilder()
      .update()
      .set({ name })
      .where('project_id = :projectId AND number = :number', { projectId, number })
      .andWhere('EXISTS (SELECT 1 FROM projects p WHERE p.id = project_id AND p.owner_id = :ownerId)', { ownerId })
      .execute();
    if (!named.affected) return null;
    return this.versions().findOne({ where: { projectId, number }, select: SUMMARY });
  }

  /** The caller's transaction when this repository runs inside one, else a new one. */
  private inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db instanceof DataSource ? this.db.transaction(work) : work(this.db);
  }

  private versions() {
    return this.db.getRepository(ProjectVersionEntity);
  }
}
