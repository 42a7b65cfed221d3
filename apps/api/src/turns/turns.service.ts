import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type ChatMessageView, type ModelView, type SendMessageBody, TURN_CANCEL_CHANNEL, type Turn } from '@studio/contracts';
import { ChatMessageEntity, TurnEntity } from '@studio/data';
import { parseRoute } from '@studio/llm';
import { DATA_SOURCE, ENV, PROJECT_EVENTS, type ProjectEventBus, REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { RateLimiter } from '../infra/rate-limiter.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { toMessageView, toTurnView } from './turn-view.js';

// The newest messages a chat view loads at once; older ones are in the summary the model sees anyway.
const MESSAGES_PAGE = 500;

/**
 * The API's half of a chat turn (ARCHITECTURE.md: the API validates, records, enqueues and relays; the
 * worker runs the turn). Every lookup is scoped by the caller: another user's turn does not exist.
 */
@Injectable()
export class TurnsService {
  private readonly logger = new Logger(TurnsService.name);
  private readonly models: ModelView[];

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(ENV) private readonly env: Env,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
    private readonly projects: ProjectsService,
    private readonly jobs: JobQueue,
    private readonly limiter: RateLimiter,
  ) {
    this.models = parseRoute(env.LLM_ROUTE).map((r, i) => ({ id: `${r.provider}:${r.model}`, provider: r.provider, model: r.model, default: i === 0 }));
  }

  listModels(): ModelView[] {
    return this.models;
  }

  /**
   * Records the turn and the person's message, announces `turn:queued`, then enqueues the job (in that
   * order, so `turn:queued` always has a lower seq than anything the worker says about the turn).
   */
  async create(userId: string, projectId: string, body: SendMessageBody, requestId?: string): Promise<{ turnId: string }> {
    if (body.model && !this.models.some((m) => m.id === body.model)) {
      throw new DomainError('MODEL_NOT_AVAILABLE', `"${body.model}" is not one of the configured models.`, { available: this.models.map((m) => m.id) });
    }
    if (!isUuid(projectId)) throw new DomainError('PROJECT_NOT_FOUND', 'No such project.');
    // The token is taken only around the work itself and given back when it is refused (not the caller's
    // project, too many waiting, the queue down): a failed request never spends one.
    return this.limiter.spendOn(`turns:${userId}`, this.env.TURNS_PER_MINUTE, () => this.accept(userId, projectId, body, requestId));
  }

  private async accept(userId: string, projectId: string, body: SendMessageBody, requestId?: string): Promise<{ turnId: string }> {
    // One statement, so a burst of sends costs one round trip each: the owner check, the cap on waiting
    // turns, the turn, the person's message, its queue position and the stored `turn:queued` with the
    // project's next seq. Every part sees the same snapshot, so `position` counts the turns ahead of it.
    const [row] = (await this.db.query(
      `WITH project AS (SELECT id FROM projects WHERE id = $1 AND owner_id = $2),
            waiting AS (SELECT count(*)::int AS n FROM turns WHERE user_id = $2 AND status = 'queued'),
            ahead AS (SELECT count(*)::int AS n FROM turns WHERE project_id = $1 AND status IN ('queued', 'running')),
            turn AS (
              INSERT INTO turns (project_id, user_id, message, model)
              SELECT project.id, $2, $3, $4 FROM project, waiting WHERE waiting.n < $5
              RETURNING id),
            message AS (INSERT INTO chat_messages (project_id, turn_id, role, content) SELECT $1, turn.id, 'user', $3 FROM turn),
            seq AS (UPDATE projects SET event_seq = event_seq + 1 WHERE id IN (SELECT $1::uuid FROM turn) RETURNING event_seq),
            event AS (
              INSERT INTO project_events (project_id, seq, name, payload)
              SELECT $1, seq.event_seq, 'turn:queued', jsonb_build_object('turnId', turn.id, 'position', ahead.n) FROM seq, turn, ahead
              RETURNING seq)
       SELECT (SELECT count(*)::int FROM project) AS found, waiting.n AS waiting, ahead.n AS position,
              (SELECT id FROM turn) AS turn_id, (SELECT seq FROM event) AS seq
       FROM waiting, ahead`,
      [projectId, userId, body.message, body.model ?? null, this.env.TURNS_MAX_WAITING],
    )) as { found: number; waiting: number; position: number; turn_id: string | null; seq: number | null }[];
    if (!row.found) throw new DomainError('PROJECT_NOT_FOUND', 'No such project.');
    if (!row.turn_id) {
      throw new RateLimitedError(5, `You already have ${row.waiting} turns waiting; send more when they have run.`, { waiting: row.waiting, limit: this.env.TURNS_MAX_WAITING });
    }
    const turnId = row.turn_id;
    // Sent before the job exists, so `turn:queued` always comes before anything the worker says about the turn.
    this.events.send({ projectId, seq: Number(row.seq), name: 'turn:queued', payload: { turnId, position: row.position } });
    try {
      await this.jobs.enqueue('turn.run', { turnId, projectId, userId, requestId }, { jobId: turnId });
    } catch (err) {
      // Without its job the turn would wait forever: fail it where the person can see why.
      this.logger.error(`enqueue turn ${turnId}: ${err}`);
      const error = { code: 'DEPENDENCY_DOWN' as const, message: 'The job queue is unavailable; nothing was sent to the model. Try again.' };
      await this.db.getRepository(TurnEntity).update({ id: turnId, status: 'queued' }, { status: 'failed', error, finishedAt: new Date() });
      await this.events.publish(projectId, 'turn:failed', { turnId, error });
      throw new DomainError('DEPENDENCY_DOWN', error.message);
    }
    return { turnId };
  }

  async get(userId: string, turnId: string): Promise<Turn> {
    return toTurnView(await this.getOwned(userId, turnId));
  }

  /**
   * A queued turn is cancelled here and now; a running one is flagged (the commit checks the flag) and its
   * worker is told to stop the model at once. A finished turn cannot be cancelled.
   */
  async cancel(userId: string, turnId: string): Promise<void> {
    const turn = await this.getOwned(userId, turnId);
    const repo = this.db.getRepository(TurnEntity);
    const dequeued = await repo.update({ id: turn.id, status: 'queued' }, { status: 'cancelled', cancelRequested: true, finishedAt: new Date() });
    if (dequeued.affected) {
      await this.events.publish(turn.projectId, 'turn:cancelled', { turnId: turn.id });
      return;
    }
    const flagged = await repo.update({ id: turn.id, status: 'running' }, { cancelRequested: true });
    if (flagged.affected) {
      await this.redis.publish(TURN_CANCEL_CHANNEL, turn.id);
      return;
    }
    throw new DomainError('TURN_FINISHED', 'This turn has already finished.', { status: (await repo.findOneBy({ id: turn.id }))?.status });
  }

  async messages(userId: string, projectId: string): Promise<ChatMessageView[]> {
    await this.projects.getOwned(userId, projectId);
    const rows = await this.db.getRepository(ChatMessageEntity).find({ where: { projectId }, order: { createdAt: 'DESC', id: 'DESC' }, take: MESSAGES_PAGE });
    return rows.reverse().map(toMessageView);
  }

  private async getOwned(userId: string, turnId: string): Promise<TurnEntity> {
    const turn = isUuid(turnId) ? await this.db.getRepository(TurnEntity).findOneBy({ id: turnId, userId }) : null;
    if (!turn) throw new DomainError('TURN_NOT_FOUND', 'No such turn.');
    return turn;
  }
}
