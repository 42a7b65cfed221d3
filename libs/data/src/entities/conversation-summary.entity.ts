import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ProjectEntity } from './project.entity.js';

/** A project's older chat condensed by a cheap model call, so later turns send it instead of every message. */
@Entity({ name: 'conversation_summaries' })
export class ConversationSummaryEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @OneToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'conversation_summaries_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ type: 'text' })
  text: string;

  /** How many of the oldest chat messages it stands for. */
  @Column({ name: 'covers_messages', type: 'integer' })
  coversMessages: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
