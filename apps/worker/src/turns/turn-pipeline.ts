import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type ErrorBody, type FileChangeView, type RefusedChangeView, type RenderCheckView, StudioError, type TurnWarningView } from '@studio/contracts';
import type { PendingCommit, TurnEntity } from '@studio/data';
import { checkPath, type FileStore } from '@studio/files';
import { LlmError, type LlmRouter, type ParserEvent, ReplyParser, summarizeConversation, TokenCounter } from '@studio/llm';
import { ENV, FILE_STORE, failpoint, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import { type ChangeValidator as Validator, ChangeValidator, REPAIRABLE, type ValidationOutcome } from './change-validator.js';
import { LLM_ROUTERS, TURN_DEPS, type TurnDeps } from './turn-deps.js';
import { PREVIEW_SYNC, type PreviewSync } from './preview-sync.js';
import { repairPrompt } from './prompts.js';
import { type ModelCall, streamReply, UsageTally } from './reply-stream.js';
import { buildTurnContext, StaticPrompts, type TurnContext } from './turn-context.js';
import { TurnMetrics } from './turn-metrics.js';
import { TurnReporter } from './turn-reporter.js';
import { TurnStore } from './turn-store.js';
import { turnWarnings } from './turn-warnings.js';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';

const MAX_CONTINUATIONS = 2;

/** Thrown inside the commit transaction when the turn was cancelled or another worker took it: rolls it back. */
class NotOurs extends Error {}
class Cancelled extends Error {}

type Running = TurnEntity & { baseVersion: number };

/**
 * One chat turn, stage by stage (API.md order: turn:started, then turn:stage / chat:delta / file:staged, then
 * exactly one of turn:completed / turn:failed / turn:cancelled). Nothing reaches the store before `commit`,
 * and the commit lands whole or not at all.
 */
@Injectable()
export class TurnPipeline {
  private readonly logger = new Logger(TurnPipeline.name);
  private readonly prompts: StaticPrompts;
  private readonly counter = new TokenCounter();

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(PROJECT_EVENTS) private readonly bus: ProjectEventBus,
    @Inject(LLM_ROUTERS) private readonly routers: { chat: LlmRouter; summary: LlmRouter },
    @Inject(PREVIEW_SYNC) private readonly preview: PreviewSync,
    @Inject(TURN_DEPS) private readonly deps: TurnDeps,
    private readonly store: TurnStore,
    private readonly metrics: TurnMetrics,
    private readonly webhooks: WebhookPublisher,
  ) {
    this.prompts = new StaticPrompts(deps.catalog, deps.packages);
  }

  reporter(turn: TurnEntity): TurnReporter {
    return new TurnReporter(this.bus, this.store, this.metrics, turn.projectId, turn.id);
  }

  async run(turn: Running, lease: number, signal: AbortSignal): Promise<void> {
    const report = this.reporter(turn);
    const started = performance.now();
    const usage = new UsageTally();
    let response = '';
    let outcome = 'failed';
    try {
      await report.emit('turn:started', { baseVersion: turn.baseVersion });
      if (await this.store.cancelRequested(turn.id)) throw new Cancelled();

      await report.enterStage('context');
      const routes = this.routers.chat.routesPreferring(turn.model);
      const model = routes[0]?.model ?? '';
      const context = await buildTurnContext({ files: this.files, store: this.store, prompts: this.prompts, counter: this.counter }, turn, model, this.env.TURN_MAX_OUTPUT_TOKENS);
      const r = context.built.report;
      report.audit('context', { tokens: r.tokens, included: r.included.length, omitted: r.omitted.map((o) => o.path), estimatedInputCostUsd: r.estimatedInputCostUsd });

      await report.enterStage('llm');
      const typeChecker = this.deps.typeChecker;
      const validator = new ChangeValidator(context.tree, {
        packages: this.deps.packages,
        limits: this.files.limits,
        components: this.deps.catalog.library,
        typeChecker: typeChecker && { check: (files, paths) => typeChecker.check(turn.projectId, files, paths).diagnostics },
      });
      const call: ModelCall = {
        router: this.routers.chat,
        routes,
        system: context.built.system,
        messages: context.built.messages,
        maxOutputTokens: this.env.TURN_MAX_OUTPUT_TOKENS,
        signal,
      };
      const parser = this.parser();
      const handle = (events: ParserEvent[], chat: boolean) => {
        for (const e of events) {
          if (e.type === 'text') {
            if (!chat) continue;
            response += e.text;
            report.text(e.text);
          } else if (e.type === 'change') this.publish(turn, report, validator.check(e.change));
          else if (e.type === 'error') this.publish(turn, report, validator.refuse({ action: 'write', path: e.path ?? '(reply)' }, e.code as never, e.message));
        }
      };
      const reply = await streamReply(call, usage, (delta) => handle(parser.push(delta), true), {
        maxContinuations: MAX_CONTINUATIONS,
        onEvent: (kind, data) => report.audit(kind, data),
      });
      handle(parser.end(), true);
      response = response.trim();

      await report.enterStage('validate');
      this.publish(turn, report, validator.finish());
      let render = await this.renderCheck(turn, report);
      const repaired = await this.repair(turn, report, validator, context, call, reply.text, usage, render);
      if (signal.aborted) throw new Cancelled();
      if (repaired) {
        const again = await this.renderCheck(turn, report);
        if (again) render = { ...again, ...(render?.status === 'failed' && again.status === 'passed' ? { repaired: true } : {}) };
      }
      const warnings = turnWarnings(validator, context.tree, this.deps.catalog.library);

      if (render?.status === 'failed') {
        outcome = await this.renderFailed(turn, lease, report, render, validator, response, warnings, usage);
        return;
      }

      await report.enterStage('commit');
      const accepted = validator.net;
      const refused = validator.refused;
      for (const r of refused) this.metrics.refusals.inc({ code: r.code });
      const verdict = { refused, warnings, render };
      if (!accepted.length) {
        // Only words, or every change refused: the turn completes on its base version, no new version.
        const done = await this.store.finish(turn, lease, { status: 'completed', response, version: turn.baseVersion, changes: [], ...verdict, usage: usage.view() });
        if (done) await this.completed(turn, report, turn.baseVersion, response, [], verdict, usage);
        outcome = 'completed';
        return;
      }
      const prepared = await this.files.prepare(turn.projectId, accepted.map((a) => a.change));
      const pending: PendingCommit = { changes: prepared, response, refused, warnings, ...(render ? { render } : {}), usage: usage.view() };
      if (!(await this.store.savePending(turn.id, lease, pending))) throw (await this.store.cancelRequested(turn.id)) ? new Cancelled() : new NotOurs();
      const version = await this.commit(turn, lease, pending, report);
      outcome = 'completed';
      await this.completed(turn, report, version, response, accepted.map((a) => a.view), verdict, usage);
      this.refreshSummary(turn, context);
    } catch (err) {
      outcome = await this.fail(turn, lease, report, err, signal, response, usage);
    } finally {
      report.closeStage();
      this.metrics.turnSeconds.observe({ outcome }, (performance.now() - started) / 1000);
      await report.flush();
    }
  }

  /**
   * A turn whose worker stopped: if its changes were recorded for commit, the commit is finished now (CAS
   * on the same base, so it lands once); otherwise it fails, since the reply was lost with the worker.
   */
  async recover(turn: TurnEntity, lease: number): Promise<void> {
    const report = this.reporter(turn);
    try {
      const pending = turn.pendingCommit;
      if (!pending || turn.baseVersion === null || turn.cancelRequested) {
        if (turn.cancelRequested) throw new Cancelled();
        throw new StudioError('TURN_INTERRUPTED', 'The worker running this turn stopped before it finished; nothing was committed. Send the message again.');
      }
      report.audit('recovered', { pendingChanges: pending.changes.length });
      await report.enterStage('commit');
      const version = await this.commit(turn as Running, lease, pending, report);
      const views = pending.changes.map(viewOfPrepared);
      const verdict = { refused: pending.refused, warnings: pending.warnings ?? [], render: pending.render ?? null };
      await this.completed(turn, report, version, pending.response, views, verdict, null, pending.usage);
    } catch (err) {
      await this.fail(turn, lease, report, err, undefined, turn.response, null);
    } finally {
      report.closeStage();
      await report.flush();
    }
  }

  private parser(): ReplyParser {
    const limits = this.files.limits;
    return new ReplyParser({ checkPath: (p) => checkPath(p, limits), maxContentBytes: limits.maxFileBytes });
  }

  /** Announces what validation decided: `file:staged` for each accepted change (and the preview gets it). */
  private publish(turn: TurnEntity, report: TurnReporter, outcome: ValidationOutcome) {
    for (const a of outcome.accepted) void report.emit('file:staged', a.view);
    if (outcome.accepted.length) this.preview.stage(turn.projectId, turn.id, outcome.accepted);
    for (const r of outcome.refused) report.audit('refused', { ...r });
  }

  /**
   * The one bounded repair round, for refusals the model can fix (types, imports, patches that did not match...)
   * and for a page that did not render. The request carries the errors, the files they touch and the file tree,
   * not the whole project again. Returns whether a repair reply was applied.
   */
  private async repair(
    turn: TurnEntity,
    report: TurnReporter,
    validator: Validator,
    context: TurnContext,
    call: ModelCall,
    replyText: string,
    usage: UsageTally,
    render: RenderCheckView | null,
  ): Promise<boolean> {
    const fixable = validator.refused.filter((r) => REPAIRABLE.has(r.code));
    const renderFailed = render?.status === 'failed';
    const warnings = turnWarnings(validator, context.tree, this.deps.catalog.library).filter((w) => w.code !== 'TYPE_WARNING');
    // A section showing another product's placeholder copy is a defect a person sees: worth the round on its own.
    const placeholder = warnings.some((w) => w.code === 'SECTION_PLACEHOLDER');
    if ((!fixable.length && !renderFailed && !placeholder) || call.signal.aborted) return false;
    report.audit('repair', { refused: fixable.map((r) => ({ path: r.path, code: r.code })), ...(renderFailed ? { render: render.error } : {}), warnings: warnings.length });
    const parser = this.parser();
    const prompt = repairPrompt({
      refused: fixable,
      render,
      warnings,
      inserted: [...validator.inserted.keys()].filter((p) => context.tree.has(p)),
      tree: context.tree,
    });
    // The static system prompt stays first and identical (the provider's cache serves it); the project's file
    // dump is not sent again: the prompt carries the files that matter.
    const messages = [...call.messages, { role: 'assistant' as const, content: replyText }, { role: 'user' as const, content: prompt }];
    const feed = (events: ParserEvent[]) => {
      for (const e of events) {
        if (e.type === 'change') this.publish(turn, report, validator.check(e.change));
        else if (e.type === 'error') this.publish(turn, report, validator.refuse({ action: 'write', path: e.path ?? '(repair)' }, e.code as never, e.message));
      }
    };
    try {
      await streamReply({ ...call, system: { static: call.system.static }, messages }, usage, (d) => feed(parser.push(d)), {
        maxContinuations: 1,
        purpose: 'repair',
        onEvent: (kind, data) => report.audit(`repair-${kind}`, data),
      });
    } catch (err) {
      // The repair is a bonus: if the model fails now, the turn goes on with what it had.
      if (err instanceof LlmError && err.code === 'LLM_CANCELLED') throw err;
      report.audit('repair-failed', { error: String((err as Error).message ?? err) });
      return false;
    }
    feed(parser.end());
    this.publish(turn, report, validator.finish());
    this.publish(turn, report, validator.retryKnockedOut());
    return true;
  }

  /** The platform's load of the page with the turn's staged changes (null when nothing was staged or no preview runs). */
  private async renderCheck(turn: Running, report: TurnReporter): Promise<RenderCheckView | null> {
    const render = await this.preview.check(turn.projectId, turn.id, turn.baseVersion).catch((err) => {
      this.logger.warn({ msg: 'render check could not run', turnId: turn.id, err: String(err) });
      return null;
    });
    if (render) report.audit('render', { ...render });
    return render;
  }

  /**
   * The page still does not render after the repair round: nothing of the turn is committed, the preview goes
   * back to the head (the last version that rendered), and the turn fails with RENDER_FAILED saying what broke
   * and which changes were not applied. The model's words are kept in the chat, marked as not applied.
   */
  private async renderFailed(
    turn: Running,
    lease: number,
    report: TurnReporter,
    render: RenderCheckView,
    validator: Validator,
    response: string,
    warnings: TurnWarningView[],
    usage: UsageTally,
  ): Promise<string> {
    const e = render.error!;
    const where = e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : '';
    const notApplied = validator.net.map((a) => a.view.path);
    const error: ErrorBody = {
      code: 'RENDER_FAILED',
      message: `The page did not render with these changes${where}: ${e.message}. They were not applied; the preview shows version ${turn.baseVersion}.`,
      details: { render: e, notApplied },
    };
    this.metrics.refusals.inc({ code: 'RENDER_FAILED' });
    void this.preview.revert(turn.projectId, turn.baseVersion).catch((err) => this.logger.warn(`preview revert: ${err}`));
    const refused = validator.refused;
    const u = usage.view() ?? undefined;
    const done = await this.store.finish(turn, lease, { status: 'failed', error, response: response || undefined, refused, warnings, render, usage: u });
    report.audit('failed', { error });
    if (done) {
      await report.emit('turn:failed', { error, ...(u ? { usage: u } : {}) });
      this.webhooks.publish(turn.userId, 'turn.failed', { projectId: turn.projectId, turnId: turn.id, error });
    }
    return 'failed';
  }

  /**
   * The commit: one transaction that moves the head from the base to base + 1 (compare-and-swap) and
   * completes the turn (fenced by its lease and the cancel flag). If the person changed other files
   * meanwhile, the changes go on top of their version; if they changed the same files, theirs are kept
   * and the turn fails with VERSION_CONFLICT.
   */
  private async commit(turn: Running, lease: number, pending: PendingCommit, report: TurnReporter): Promise<number> {
    let base = turn.baseVersion;
    const touched = new Set(pending.changes.flatMap((c) => (c.action === 'rename' ? [c.from, c.path] : [c.path])));
    const views = pending.changes.map(viewOfPrepared);
    for (let attempt = 0; ; attempt++) {
      try {
        const { version } = await this.files.finalize(
          turn.projectId,
          base,
          pending.changes,
          { source: 'ai', message: firstLine(turn.message), turnId: turn.id },
          async (tx, version) => {
            const ok = await this.store.completeIn(tx, turn, lease, { status: 'completed', version, response: pending.response, changes: views, refused: pending.refused, warnings: pending.warnings ?? [], render: pending.render ?? null, usage: pending.usage });
            if (!ok) throw (await this.store.cancelRequested(turn.id)) ? new Cancelled() : new NotOurs();
            await failpoint('turn.commit');
          },
        );
        return version;
      } catch (err) {
        if (!(err instanceof StudioError && err.code === 'VERSION_CONFLICT') || attempt >= 3) throw err;
        const { head, paths } = await this.files.changedSince(turn.projectId, base);
        const overlap = paths.filter((p) => touched.has(p));
        if (overlap.length) {
          throw new StudioError('VERSION_CONFLICT', `${overlap.join(', ')} changed while the model was working; your edits were kept and this turn's changes were not applied.`, { paths: overlap, headVersion: head });
        }
        report.audit('rebased', { from: base, onto: head });
        base = head;
      }
    }
  }

  private async completed(
    turn: TurnEntity,
    report: TurnReporter,
    version: number,
    response: string,
    changes: FileChangeView[],
    verdict: { refused: RefusedChangeView[]; warnings: TurnWarningView[]; render: RenderCheckView | null },
    usage: UsageTally | null,
    stored?: PendingCommit['usage'],
  ) {
    const { refused, warnings, render } = verdict;
    await report.enterStage('sync');
    // The preview follows in the background: `preview:updated` says when it serves the version.
    void this.preview.sync(turn.projectId, version, changes.map((c) => c.path), render).catch((err) => this.logger.warn(`preview sync: ${err}`));
    report.closeStage();
    const u = usage?.view() ?? stored ?? { provider: '', model: '', inputTokens: 0, outputTokens: 0, costUsd: 0 };
    if (u.provider) {
      this.metrics.llmTokens.inc({ provider: u.provider, model: u.model, kind: 'input' }, u.inputTokens);
      this.metrics.llmTokens.inc({ provider: u.provider, model: u.model, kind: 'output' }, u.outputTokens);
    }
    report.audit('completed', { version, changes: changes.length, refused: refused.length, usage: u });
    await report.emit('turn:completed', { version, response, changes, usage: u, refused, partial: refused.length > 0, warnings, ...(render ? { render } : {}) });
    // Webhooks are the project owner's, who is the only one who can send its turns. Never fails the turn.
    if (version !== turn.baseVersion) this.webhooks.publish(turn.userId, 'project.version.created', { projectId: turn.projectId, version, source: 'ai', turnId: turn.id });
    this.webhooks.publish(turn.userId, 'turn.completed', { projectId: turn.projectId, turnId: turn.id, version });
  }

  /** Ends a turn that did not complete; returns the outcome for the metrics. Nothing of it was committed. */
  private async fail(turn: TurnEntity, lease: number, report: TurnReporter, err: unknown, signal: AbortSignal | undefined, response: string, usage: UsageTally | null): Promise<string> {
    if (err instanceof NotOurs) {
      this.logger.warn({ msg: 'turn taken over by another worker; stopping', turnId: turn.id });
      return 'lost';
    }
    const cancelled = err instanceof Cancelled || (err instanceof LlmError && err.code === 'LLM_CANCELLED') || Boolean(signal?.aborted);
    const head = await this.files.head(turn.projectId).catch(() => null);
    if (head !== null) void this.preview.revert(turn.projectId, head).catch((e) => this.logger.warn(`preview revert: ${e}`));
    if (cancelled) {
      const done = await this.store.finish(turn, lease, { status: 'cancelled', response: response || undefined, usage: usage?.view() ?? undefined });
      report.audit('cancelled');
      if (done) await report.emit('turn:cancelled', {});
      return 'cancelled';
    }
    const error = errorBodyOf(err);
    if (error.code === 'INTERNAL') this.logger.error({ msg: 'turn failed', turnId: turn.id, err: String((err as Error)?.stack ?? err) });
    const u = usage?.view() ?? undefined;
    const done = await this.store.finish(turn, lease, { status: 'failed', error, usage: u });
    report.audit('failed', { error });
    if (done) await report.emit('turn:failed', { error, ...(u ? { usage: u } : {}) });
    if (done) this.webhooks.publish(turn.userId, 'turn.failed', { projectId: turn.projectId, turnId: turn.id, error });
    return 'failed';
  }

  /** Refreshes the project's conversation summary after the turn, off its critical path. */
  private refreshSummary(turn: TurnEntity, context: TurnContext) {
    if (!context.built.report.needsSummary) return;
    const keep = 6;
    const older = context.conversation.slice(0, Math.max(0, context.conversation.length - keep));
    void (async () => {
      const previous = await this.store.summary(turn.projectId);
      const summary = await summarizeConversation(this.routers.summary, older, previous);
      if (summary.text) await this.store.saveSummary(turn.projectId, summary);
    })().catch((err) => this.logger.warn(`summary for project ${turn.projectId}: ${err}`));
  }
}

function errorBodyOf(err: unknown): ErrorBody {
  if (err instanceof StudioError) return err.toBody();
  if (err instanceof LlmError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: 'Something went wrong on our side while running this turn; it has been logged.' };
}

const viewOfPrepared = (c: PendingCommit['changes'][number]): FileChangeView => (c.action === 'rename' ? { action: 'rename', path: c.path, from: c.from } : { action: c.action, path: c.path });

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0].trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

