import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type ChatMessageView, type ModelView, type SendMessageBody, TURN_CANCEL_CHANNEL, type Turn, type TurnAccepted } from '@studio/contracts';
import { type TurnEntity, TurnsRepository, UsageRepository } from '@studio/data';
import { ENV, PROJECT_EVENTS, type ProjectEventBus, REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { RateLimiter } from '../infra/rate-limiter.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { budgetCheck, budgetExceeded, budgetPrecheck } from '../usage/budget-precheck.js';
import { MessageAttachments } from './message-attachments.js';
import { toMessageView, toTurnView } from './turn-view.js';

// The newest messages a chat view loads at once; older ones are in the summary the model sees anyway.
const MESSAGES_PAGE = 500;

/**
 * The API's half of a chat turn (docs/ARCHITECTURE.md: the API validates, records, enqueues and relays; the
 * worker runs the turn). Every lookup is scoped by the caller: another user's turn does not exist.
 */
@Injectable()
export class TurnsService {
  private readonly logger = new Logger(TurnsService.name);
  private readonly models: ModelView[];

  constructor(
    private readonly turns: TurnsRepository,
    @Inject(ENV) private readonly env: Env,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
    private readonly projects: ProjectsService,
    private readonly jobs: JobQueue,
    private readonly limiter: RateLimiter,
    private readonly attachments: MessageAttachments,
    private readonly usage: UsageRepository,
  ) {
    this.models = env.LLM_ROUTE.map((r, i) => ({ id: `${r.provider}:${r.model}`, provider: r.provider, model: r.model, default: i === 0 }));
  }

  listModels(): ModelView[] {
    return this.models;
  }

  /**
   * Records the turn and the person's message, announces `turn:queued`, then enqueues the job (in that
   * order, so `turn:queued` always has a lower seq than anything the worker says about the turn).
   */
  async create(userId: string, projectId: string, body: SendMessageBody, requestId?: string): Promise<TurnAccepted> {
    if (body.model && !this.models.some((m) => m.id === body.model)) {
      throw new DomainError('MODEL_NOT_AVAILABLE', `"${body.model}" is not one of the configured models.`, { available: this.models.map((m) => m.id) });
    }
    if (!isUuid(projectId)) throw new DomainError('PROJECT_NOT_FOUND', 'No such project.');
    // The token is taken only around the work itself and given back when it is refused (not the caller's
    // project, too many waiting, the queue down): a failed request never spends one.
    return this.limiter.spendOn(`turns:${userId}`, this.env.TURNS_PER_MINUTE, () => this.accept(userId, projectId, body, requestId));
  }

  private async accept(userId: string, projectId: string, body: SendMessageBody, requestId?: string): Promise<TurnAccepted> {
    const pictures = body.attachments?.length ? await this.checkPictures(userId, projectId, body) : [];
    // One statement, so a burst of sends costs little each: out of money (refused at once, docs/API.md "Usage and
    // budgets"; the worker's reservation is the real check), the owner check, the cap on waiting turns, the turn,
    // the person's message, its queue position and the stored `turn:queued` with the project's next seq.
    const queued = await this.turns.enqueue(projectId, userId, body.message, body.model ?? null, this.env.TURNS_MAX_WAITING, pictures, budgetCheck(this.env));
    if (queued.kind === 'over-budget') throw budgetExceeded(queued);
    if (queued.kind === 'not-found') throw new DomainError('PROJECT_NOT_FOUND', 'No such project.');
    if (queued.kind === 'too-many') {
      throw new RateLimitedError(5, `You already have ${queued.waiting} turns waiting; send more when they have run.`, { waiting: queued.waiting, limit: this.env.TURNS_MAX_WAITING });
    }
    const { turnId } = queued.event.payload;
    // Sent before the job exists, so `turn:queued` always comes before anything the worker says about the turn.
    this.events.send(queued.event);
    try {
      await this.jobs.enqueue('turn.run', { turnId, projectId, userId, requestId }, { jobId: turnId });
    } catch (err) {
      // Without its job the turn would wait forever: fail it where the person can see why.
      this.logger.error(`enqueue turn ${turnId}: ${err}`);
      const error = { code: 'DEPENDENCY_DOWN' as const, message: 'The job queue is unavailable; nothing was sent to the model. Try again.' };
      await this.turns.failQueued(turnId, error);
      await this.events.publish(projectId, 'turn:failed', { turnId, error });
      throw new DomainError('DEPENDENCY_DOWN', error.message);
    }
    return { turnId };
  }

  /**
   * A message's pictures: each the person's own upload of a project that is theirs (else PROJECT_NOT_FOUND, as
   * without pictures); a refusal here costs no turn. The budget is checked before them, as for any send.
   */
  private async checkPictures(userId: string, projectId: string, body: SendMessageBody) {
    await budgetPrecheck(this.usage, this.env, userId);
    await this.projects.getOwned(userId, projectId);
    return this.attachments.check(userId, projectId, body.attachments ?? []);
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
    if (await this.turns.cancelQueued(turn.id)) {
      await this.events.publish(turn.projectId, 'turn:cancelled', { turnId: turn.id });
      return;
    }
    if (await this.turns.requestCancel(turn.id)) {
      await this.redis.publish(TURN_CANCEL_CHANNEL, turn.id);
      return;
    }
    throw new DomainError('TURN_FINISHED', 'This turn has already finished.', { status: (await this.turns.findOwned(userId, turn.id))?.status });
  }

  async messages(userId: string, projectId: string): Promise<ChatMessageView[]> {
    await this.projects.getOwned(userId, projectId);
    return (await this.turns.recentMessages(projectId, MESSAGES_PAGE)).map(toMessageView);
  }

  private async getOwned(userId: string, turnId: string): Promise<TurnEntity> {
    const turn = isUuid(turnId) ? await this.turns.findOwned(userId, turnId) : null;
    if (!turn) throw new DomainError('TURN_NOT_FOUND', 'No such turn.');
    return turn;
  }
}
