import type { RenderCheckView } from '@studio/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ProjectEntity } from './project.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * `warm`: started over a stand-in project, waiting to be claimed (project_id null).
 * `starting`, `ready`, `updating`, `error`: serving (or about to serve) a project.
 * `paused`: frozen while nobody looks; `stopped`: processes gone, container kept; both resume on a visit.
 */
export type PreviewSessionStatus = 'warm' | 'starting' | 'ready' | 'updating' | 'error' | 'paused' | 'stopped';

/** The states in which a session's instance runs a dev server the proxy can reach and syncs can write to. */
export const SERVING_STATUSES: ReadonlySet<string> = new Set<PreviewSessionStatus>(['starting', 'ready', 'updating', 'error']);

export interface PreviewErrorRecord {
  version: number | null;
  message: string;
  file?: string;
  line?: number;
  at: string;
}

/** One preview instance (a container, or a local process) and what it serves. Every preview's state lives here. */
@Entity({ name: 'preview_sessions' })
@Index('preview_sessions_project_idx', ['projectId'], { unique: true, where: 'project_id IS NOT NULL' })
@Index('preview_sessions_status_idx', ['stackId', 'status', 'lastAccessAt'])
@Check('preview_sessions_status_check', `status IN ('warm', 'starting', 'ready', 'updating', 'error', 'paused', 'stopped')`)
@Check('preview_sessions_warm_check', `(status = 'warm') = (project_id IS NULL)`)
export class PreviewSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The PREVIEW_STACK_ID of the workers that manage it (the label on its container). */
  @Column({ name: 'stack_id', type: 'text' })
  stackId: string;

  /** Null while the instance waits in the warm pool. At most one session per project. */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'preview_sessions_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'preview_sessions_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  runtime: 'docker' | 'process';

  @Column({ name: 'instance_id', type: 'text', nullable: true })
  instanceId: string | null;

  @Column({ type: 'text', nullable: true })
  host: string | null;

  @Column({ name: 'vite_port', type: 'integer', nullable: true })
  vitePort: number | null;

  @Column({ name: 'agent_port', type: 'integer', nullable: true })
  agentPort: number | null;

  @Column({ name: 'agent_token', type: 'text', nullable: true })
  agentToken: string | null;

  @Column({ type: 'text' })
  status: PreviewSessionStatus;

  /** The version the preview serves (null: none yet, or a turn's speculative changes on top of it). */
  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The latest build and runtime errors, offered to the next turn's context. */
  @Column({ name: 'recent_errors', type: 'jsonb', default: () => `'[]'` })
  recentErrors: PreviewErrorRecord[];

  /** The platform's latest render check of what the preview serves. */
  @Column({ type: 'jsonb', nullable: true })
  render: (RenderCheckView & { version: number | null }) | null;

  /** The newest version whose render check passed: a page that fails goes back to it. */
  @Column({ name: 'last_rendered_version', type: 'integer', nullable: true })
  lastRenderedVersion: number | null;

  @Column({ name: 'last_access_at', type: 'timestamptz', default: () => 'now()' })
  lastAccessAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
