import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { type CorpusCase, loadCorpus, scenarioOf } from './corpus/corpus-case.js';
import { type CaseRow, formatReport } from './corpus/corpus-report.js';
import { actualCategory, expectedCategory, judge, type Observation, type TurnEnd } from './corpus/corpus-verdict.js';
import { type Client, connectSocket, emitWithAck, eventually, signUp } from './support/api.js';
import { launchChromium, SCREENSHOTS } from './support/browser.js';
import { failedDomChecks } from './support/dom-checks.js';
import { openPreviewPage, rootIsEmpty } from './support/preview-page.js';
import { startPreview } from './support/previews.js';
import { EventLog, type Received, requestsOf, script, send } from './support/turns.js';

/**
 * The reply corpus (test/e2e/corpus/cases, README there) end to end: for each case a project from its
 * template, its live preview, the scripted model answering the person's message with the case's reply (and
 * its repair), the turn's outcome, then the preview opened in headless Chromium the way a person opens it.
 * A case passes when the turn ended as it should (applied, repaired, or clearly not applied) and the page
 * shows it: no page error, a rendered #root, the case's DOM checks. Cases run two at a time with one browser;
 * the summary line and a table are printed at the end, the details kept in test-artifacts/corpus-results.json.
 */
jest.setTimeout(60_000);

const CONCURRENCY = 2;
/** One case never holds the run longer than this, so a stuck turn costs one case, not the run. */
const CASE_DEADLINE_MS = 150_000;
const RESULTS = 'test-artifacts/corpus-results.json';

// CORPUS_CASES (a regular expression on case folder names) runs some of the cases, when working on them.
const only = process.env.CORPUS_CASES ? new RegExp(process.env.CORPUS_CASES) : null;
const cases = loadCorpus().filter((c) => !only || only.test(c.slug));
const rows = new Map<string, CaseRow>();
const details: Record<string, unknown> = {};
let browser: Browser;

/** The turn's own events, kept small for the results file. */
const eventTrail = (events: Received[]) =>
  events.filter((e) => e.name !== 'chat:delta').map((e) => (e.name === 'turn:stage' ? `stage:${e.payload.stage}` : e.name === 'file:staged' ? `staged:${e.payload.action}:${e.payload.path}` : e.name));

/** The text of the last message of a request the scripted model received (OpenAI or Anthropic shape). */
function lastMessageText(body: { messages?: { content: string | { type: string; text?: string }[] }[] }): string {
  const content = body.messages?.at(-1)?.content ?? '';
  return typeof content === 'string' ? content : content.map((b) => b.text ?? '').join('');
}

/** What the repair request told the model (its refusals and render error), without the files it shows. */
const repairAsk = (body: Parameters<typeof lastMessageText>[0]) =>
  lastMessageText(body)
    .split(/\n## Project files|\n<file /)[0]
    .trim()
    .slice(0, 1500);

/** A person's project, open in the workspace: its room joined and its preview running. */
interface OpenProject {
  client: Client;
  socket: Socket;
  log: EventLog;
  projectId: string;
  baseVersion: number;
}

/** What to undo when a case ends, however it ends: last made, first undone. */
type Cleanup = (() => unknown)[];

async function openProject(c: CorpusCase, cleanup: Cleanup): Promise<OpenProject> {
  const user = await signUp(`corpus-${c.slug.slice(0, 2)}`);
  const { client } = user;
  const project = await client.post('/api/projects', { name: `corpus ${c.slug}`, templateId: c.template });
  if (project.status !== 201) throw new Error(`POST /api/projects answered ${project.status}: ${JSON.stringify(project.body)}`);
  const projectId = project.body.id as string;
  // Frees the preview's container for the next cases.
  cleanup.push(() => client.delete(`/api/projects/${projectId}/preview`).catch(() => undefined));
  const socket = await connectSocket(user.accessToken);
  cleanup.push(() => socket.close());
  const log = new EventLog(socket);
  const joined = await emitWithAck(socket, 'project:join', { projectId });
  if (!joined.ok) throw new Error(`project:join refused: ${JSON.stringify(joined.error)}`);
  await startPreview(client, projectId, log, 90_000);
  return { client, socket, log, projectId, baseVersion: project.body.headVersion as number };
}

/** The person sends the case's message; the scripted model answers; waits until the preview serves what the turn left. */
async function runTurn(p: OpenProject, c: CorpusCase) {
  const scenario = await script(scenarioOf(c));
  const turnId = await send(p.socket, p.projectId, `${c.message}\n\n${scenario.marker}`);
  const end = await p.log.outcome(turnId, 120_000);
  const turnDone = Date.now();
  const startedSeq = p.log.of(turnId).find((e) => e.name === 'turn:started')?.payload.seq ?? 0;
  const served = end.name === 'turn:completed' ? (end.payload.version as number) : p.baseVersion;
  // Its version, or the base again, announced after the turn began; then the REST view agrees.
  await p.log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === served && e.payload.seq > startedSeq, 45_000, `preview:updated ${served}`);
  const preview = await eventually(
    async () => {
      const view = (await p.client.get(`/api/projects/${p.projectId}/preview`)).body;
      return view.status === 'ready' && view.version === served ? view : undefined;
    },
    30_000,
    `the preview to be ready at version ${served}`,
  );
  return {
    turnId,
    end: { name: end.name, payload: end.payload } as TurnEnd,
    url: preview.url as string,
    servedAfterMs: Date.now() - turnDone,
    headVersion: (await p.client.get(`/api/projects/${p.projectId}`)).body.headVersion as number,
    ...(await modelRequestsOf(c, scenario.id)),
  };
}

/** How often the model was asked, and what the repair request said (after the reply and its continuation). */
async function modelRequestsOf(c: CorpusCase, scenarioId: string) {
  const requests = await requestsOf(scenarioId);
  return { modelRequests: requests.length, repairAsked: requests.slice(c.continuation ? 2 : 1).map((r) => repairAsk(r.body)) };
}

/** The page as a person opens it: a screenshot, the case's DOM checks, and the preview's REST state beside it. */
async function lookAtPage(p: OpenProject, c: CorpusCase, url: string) {
  const started = Date.now();
  // The turn's link first; a load made again (see openPreviewPage) needs a fresh one.
  const links = [url];
  const view = await openPreviewPage(browser, async () => links.shift() ?? (await p.client.get(`/api/projects/${p.projectId}/preview`)).body.url);
  const loadMs = Date.now() - started;
  try {
    await view.page.screenshot({ path: join(SCREENSHOTS, `corpus-${c.slug}.png`), fullPage: true });
    const domFailures = await failedDomChecks(view.page, c.expect.dom);
    const rootEmpty = await rootIsEmpty(view.page);
    // Read once the page was looked at: `ready` must never stand beside a blank page.
    const rest = (await p.client.get(`/api/projects/${p.projectId}/preview`)).body;
    return {
      page: { errors: view.errors, rootEmpty, domFailures },
      preview: { status: rest.status as string, version: rest.version as number | undefined },
      loadMs,
      loads: view.attempts,
      consoleErrors: view.consoleErrors,
    };
  } finally {
    await view.close();
  }
}

async function runCase(c: CorpusCase): Promise<{ observation: Observation; extra: Record<string, unknown> }> {
  const cleanup: Cleanup = [];
  try {
    const t0 = Date.now();
    const p = await openProject(c, cleanup);
    const tOpen = Date.now();
    const turn = await runTurn(p, c);
    const tTurn = Date.now();
    const seen = await lookAtPage(p, c, turn.url);
    const observation: Observation = { baseVersion: p.baseVersion, end: turn.end, modelRequests: turn.modelRequests, headVersion: turn.headVersion, preview: seen.preview, page: seen.page };
    // Where the case's time went (ms): project and preview start, the turn until the preview served its result, the page load.
    const timings = { open: tOpen - t0, turn: tTurn - tOpen - turn.servedAfterMs, served: turn.servedAfterMs, page: seen.loadMs };
    const extra = {
      turnId: turn.turnId,
      timings,
      events: eventTrail(p.log.of(turn.turnId)),
      outcome: { name: turn.end.name, ...turn.end.payload },
      repairAsked: turn.repairAsked,
      pageLoads: seen.loads,
      consoleErrors: seen.consoleErrors,
      previewErrors: p.log.events.filter((e) => e.name === 'preview:error').map((e) => e.payload),
    };
    return { observation, extra };
  } finally {
    for (const undo of cleanup.reverse()) await undo();
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function record(c: CorpusCase) {
  const started = Date.now();
  const expected = expectedCategory(c);
  try {
    const { observation, extra } = await withDeadline(runCase(c), CASE_DEADLINE_MS, c.slug);
    const end = observation.end;
    const refused = end.name === 'turn:completed' ? (end.payload.refused ?? []).map((r) => r.code as string) : [];
    const turn =
      end.name === 'turn:completed' ? `completed v${end.payload.version}${end.payload.partial ? ' partial' : ''}` : end.name === 'turn:failed' ? `failed ${end.payload.error.code}` : 'cancelled';
    rows.set(c.slug, { slug: c.slug, expected, actual: actualCategory(c, observation), turn, refused, ms: Date.now() - started, failures: judge(c, observation) });
    details[c.slug] = { ...extra, modelRequests: observation.modelRequests, preview: observation.preview, page: observation.page };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    rows.set(c.slug, { slug: c.slug, expected, actual: 'error', turn: '-', refused: [], ms: Date.now() - started, failures: [`the case did not finish: ${message}`] });
    details[c.slug] = { error: message };
  }
  // As each case ends: a line on the console and the results so far on disk, so a cut-short run still tells.
  const row = rows.get(c.slug)!;
  process.stdout.write(`corpus ${row.failures.length ? 'FAIL' : 'ok  '} ${c.slug}: ${row.actual} (${row.turn}, ${(row.ms / 1000).toFixed(1)} s)\n`);
  writeFileSync(RESULTS, JSON.stringify({ rows: [...rows.values()], details }, null, 2));
}

beforeAll(
  async () => {
    mkdirSync('test-artifacts', { recursive: true });
    browser = await launchChromium();
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await record(next);
      }),
    );
    const ordered = cases.map((c) => rows.get(c.slug)!);
    const report = formatReport(ordered);
    writeFileSync('test-artifacts/corpus-report.txt', report);
    writeFileSync(RESULTS, JSON.stringify({ rows: ordered, details }, null, 2));
    process.stdout.write(`\n${report}`);
  },
  (Math.ceil(cases.length / CONCURRENCY) + 1) * CASE_DEADLINE_MS,
);

afterAll(async () => {
  await browser?.close();
});

describe('the reply corpus, end to end', () => {
  it.each(cases.map((c) => c.slug))('%s ends as expected, and the page shows it', (slug) => {
    expect(rows.get(slug)?.failures).toEqual([]);
  });
});
