import type { Catalog } from '@studio/catalog';
import { ASSET_DIR, ASSET_URL_PREFIX, type AssetVariantView, INSTRUCTIONS_PATH, type VersionView } from '@studio/contracts';
import type { PreviewErrorRecord, PreviewSessionsRepository, ProjectsRepository, TurnEntity, TurnsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { isText } from '@studio/files';
import { type BuiltContext, buildContext, buildStaticPrompt, type ContextAsset, type ContextFile, contextWindowOf, type TokenCounter } from '@studio/llm';
import { WorkingTree } from '@studio/validation';
import { imagePartsOf, type TurnPicture, withPictureNames } from './stages/attached-pictures.js';

export interface TurnContext {
  built: BuiltContext;
  tree: WorkingTree;
  /** The chat before this turn, for a later summary refresh. */
  conversation: { role: 'user' | 'assistant'; content: string }[];
}

/** The parts of the system prompt that stay the same across a project's turns, per template. */
export class StaticPrompts {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly packages: ReadonlySet<string>,
  ) {}

  forTemplate(templateId: string): string {
    let prompt = this.cache.get(templateId);
    if (prompt === undefined) {
      prompt = buildStaticPrompt({ templateConventions: this.catalog.templates.conventions(templateId), components: this.catalog.library.catalog(), packages: [...this.packages] });
      this.cache.set(templateId, prompt);
    }
    return prompt;
  }
}

/**
 * The `context` stage: the base version's files, the person's standing instructions, the chat so far (older
 * part summarised), the message, within the model's budget (libs/llm buildContext).
 */
export async function buildTurnContext(
  deps: {
    files: Pick<FileStore, 'readAll' | 'manifest' | 'versions'>;
    turns: Pick<TurnsRepository, 'conversation' | 'summary'>;
    projects: Pick<ProjectsRepository, 'findOwned'>;
    previews: Pick<PreviewSessionsRepository, 'errorsOf'>;
    prompts: StaticPrompts;
    counter: TokenCounter;
    /** The recorded metadata of the project's assets (ProjectAssetsRepository); without it assets are listed by path only. */
    assets?: AssetMetadataSource;
  },
  turn: TurnEntity & { baseVersion: number },
  route: { provider: string; model: string },
  maxOutputTokens: number,
  pictures: readonly TurnPicture[] = [],
): Promise<TurnContext> {
  const { files, turns } = deps;
  const [bytes, manifest, stored, summary, project, previewErrors, versions] = await Promise.all([
    files.readAll(turn.projectId, turn.baseVersion),
    files.manifest(turn.projectId, turn.baseVersion),
    turns.conversation(turn.projectId, turn),
    turns.summary(turn.projectId),
    // The turn's sender owns the project: only the owner can send its turns.
    deps.projects.findOwned(turn.userId, turn.projectId),
    deps.previews.errorsOf(turn.projectId, turn.baseVersion),
    // The whole history (summaries, no manifests): what the latest versions changed ranks files high, and when
    // each file last changed orders them for the prompt cache.
    files.versions(turn.projectId),
  ]);
  const conversation = stored.map(withPictureNames);
  const templateId = project?.templateId ?? '';
  const assetHashes = Object.entries(manifest).flatMap(([path, entry]) => (path.startsWith(ASSET_DIR) ? [entry.sha256] : []));
  const assetRows = deps.assets && assetHashes.length ? await deps.assets.forHashes(turn.projectId, assetHashes) : [];
  // The person's instructions are told as instructions, not shown as a file of code to edit (the model may not write them).
  const instructions = bytes.get(INSTRUCTIONS_PATH)?.toString('utf8');
  const contextFiles: ContextFile[] = [];
  for (const [path, content] of bytes) {
    if (path !== INSTRUCTIONS_PATH && isText(content)) contextFiles.push({ path, content: content.toString('utf8'), sha256: manifest[path]?.sha256 });
  }
  const built = buildContext(
    {
      message: withPreviewErrors(turn.message, previewErrors),
      // The message's pictures go before its text in the last user message, counted by the route's provider's rule.
      images: imagePartsOf(pictures),
      provider: route.provider,
      staticPrompt: deps.prompts.forTemplate(templateId),
      instructions,
      files: contextFiles,
      tree: [...bytes.keys()].filter((p) => p !== INSTRUCTIONS_PATH),
      assets: contextAssets(manifest, assetRows),
      // Files the preview failed on come first, so the model sees them whole.
      recentlyChanged: [...new Set([...previewErrors.flatMap((e) => (e.file ? [e.file] : [])), ...recentlyChangedOf(versions)])],
      lastChanged: lastChangedOf(versions, turn.baseVersion),
      conversation,
      summary,
      contextWindow: contextWindowOf(route.model),
      maxOutputTokens,
    },
    deps.counter,
  );
  return { built, tree: new WorkingTree(bytes), conversation };
}

/** Paths the project's latest `count` versions changed (newest first, each once): the context ranks them high. */
export function recentlyChangedOf(versions: readonly Pick<VersionView, 'changes'>[], count = 3): string[] {
  return [...new Set(versions.slice(0, count).flatMap((v) => v.changes.map((c) => c.path)))];
}

/**
 * The version each file last changed in, up to the turn's base version. The project's creation (its template)
 * is no change: a file untouched since is absent, and so ordered with the files that never change.
 */
export function lastChangedOf(versions: readonly Pick<VersionView, 'number' | 'source' | 'changes'>[], upTo: number): Record<string, number> {
  const at: Record<string, number> = {};
  for (const v of versions) {
    if (v.number > upTo || v.source === 'template') continue;
    for (const c of v.changes) at[c.path] = Math.max(at[c.path] ?? 0, v.number);
  }
  return at;
}

/**
 * The preview's build and runtime errors for the version the turn starts from, after the person's message
 * (the dynamic end of the prompt, so the cached static part is untouched): the model can fix what broke.
 */
export function withPreviewErrors(message: string, errors: PreviewErrorRecord[]): string {
  if (!errors.length) return message;
  const lines = errors.map((e) => `- ${e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message.split('\n')[0].slice(0, 300)}`);
  return `${message}\n\n(The live preview currently reports these errors; fix them if they are related:)\n${[...new Set(lines)].join('\n')}`;
}

/** An asset's recorded metadata, as ProjectAssetsRepository.forHashes answers it (keyed by the stored bytes' hash). */
export interface AssetMetadata {
  sha256: string;
  kind: 'image' | 'font';
  width: number | null;
  height: number | null;
  alt: string;
  variants: AssetVariantView[];
}

export interface AssetMetadataSource {
  forHashes(projectId: string, sha256: string[]): Promise<AssetMetadata[]>;
}

const urlOf = (path: string) => `${ASSET_URL_PREFIX}${path.slice(ASSET_DIR.length)}`;
const FONT = /\.(?:woff2?|ttf|otf)$/i;

/**
 * The project's assets as the model is told about them: every file of the version under ASSET_DIR, with the
 * metadata recorded for its bytes (found by hash, so a renamed or restored asset keeps its own). A file that is
 * one of another asset's variants is listed with that asset, not on its own line; a file without a record
 * (one the model or the files API wrote) is listed by path, so the model still knows it exists.
 */
export function contextAssets(manifest: Record<string, { sha256: string }>, rows: readonly AssetMetadata[]): ContextAsset[] {
  const byHash = new Map(rows.map((r) => [r.sha256, r]));
  const paths = Object.keys(manifest).filter((p) => p.startsWith(ASSET_DIR));
  const present = new Set(paths);
  const variantPaths = new Set<string>();
  for (const p of paths) for (const v of byHash.get(manifest[p].sha256)?.variants ?? []) if (present.has(v.path)) variantPaths.add(v.path);
  return paths
    .filter((p) => !variantPaths.has(p))
    .map((p) => {
      const row = byHash.get(manifest[p].sha256);
      return {
        url: urlOf(p),
        kind: row?.kind ?? (FONT.test(p) ? 'font' : 'image'),
        ...(row?.width && row.height ? { width: row.width, height: row.height } : {}),
        alt: row?.alt ?? '',
        variants: (row?.variants ?? []).filter((v) => present.has(v.path)).map((v) => ({ url: urlOf(v.path), width: v.width })),
      };
    });
}
