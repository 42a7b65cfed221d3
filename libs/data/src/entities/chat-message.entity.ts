import type { ChatAttachmentView, RefusedChangeView, TurnWarningView } from '@studio/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ProjectEntity } from './project.entity.js';
import { TurnEntity } from './turn.entity.js';

export interface ChatMessageMeta {
  partial: boolean;
  refused: RefusedChangeView[];
  warnings: TurnWarningView[];
}

/** A picture as a message stores it: the URL is made from the ids when the message is shown. */
export type StoredChatAttachment = Omit<ChatAttachmentView, 'url'>;

/** The chat as the person sees it: their messages and the model's replies (the `<response>` text). */
@Entity({ name: 'chat_messages' })
@Index('chat_messages_project_created_idx', ['projectId', 'createdAt'])
@Check('chat_messages_role_check', `role IN ('user', 'assistant')`)
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'chat_messages_project_id_fkey' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'turn_id', type: 'uuid', nullable: true })
  turnId: string | null;

  @ManyToOne(() => TurnEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'turn_id', foreignKeyConstraintName: 'chat_messages_turn_id_fkey' })
  turn?: Relation<TurnEntity>;

  @Column({ type: 'text' })
  role: 'user' | 'assistant';

  @Column({ type: 'text' })
  content: string;

  /** On an assistant message: what of the reply was not applied, so the chat never claims more than landed. */
  @Column({ type: 'jsonb', nullable: true })
  meta: ChatMessageMeta | null;

  /** On a person's message: the pictures it carried (chat uploads of the project). */
  @Column({ type: 'jsonb', nullable: true })
  attachments: StoredChatAttachment[] | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
