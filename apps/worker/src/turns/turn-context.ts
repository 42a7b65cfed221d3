import type { Catalog } from '@studio/catalog';
import type { PreviewErrorRecord, PreviewSessionsRepository, ProjectsRepository, TurnEntity, TurnsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { isText } from '@studio/files';
import { type BuiltContext, buildContext, buildStaticPrompt, type ContextFile, contextWindowOf, type TokenCounter } from '@studio/llm';
import { WorkingTree } from '@studio/validation';

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
 * The `context` stage: the base version's files, the chat so far (older part summarised), the message,
 * within the model's budget (libs/llm buildContext).
 */
export async function buildTurnContext(
  deps: {
    files: Pick<FileStore, 'readAll' | 'manifest' | 'recentlyChanged'>;
    turns: Pick<TurnsRepository, 'conversation' | 'summary'>;
    projects: Pick<ProjectsRepository, 'findOwned'>;
    previews: Pick<PreviewSessionsRepository, 'errorsOf'>;
    prompts: StaticPrompts;
    counter: TokenCounter;
  },
  turn: TurnEntity & { baseVersion: number },
  model: string,
  maxOutputTokens: number,
): Promise<TurnContext> {
  const { files, turns } = deps;
  const [bytes, manifest, conversation, summary, project, recentlyChanged, previewErrors] = await Promise.all([
    files.readAll(turn.projectId, turn.baseVersion),
    files.manifest(turn.projectId, turn.baseVersion),
    turns.conversation(turn.projectId, turn),
    turns.summary(turn.projectId),
    // The turn's sender owns the project: only the owner can send its turns.
    deps.projects.findOwned(turn.userId, turn.projectId),
    files.recentlyChanged(turn.projectId),
    deps.previews.errorsOf(turn.projectId, turn.baseVersion),
  ]);
  const templateId = project?.templateId ?? '';
  const contextFiles: ContextFile[] = [];
  for (const [path, content] of bytes) {
    if (isText(content)) contextFiles.push({ path, content: content.toString('utf8'), sha256: manifest[path]?.sha256 });
  }
  const built = buildContext(
    {
      message: withPreviewErrors(turn.message, previewErrors),
      staticPrompt: deps.prompts.forTemplate(templateId),
      files: contextFiles,
      tree: [...bytes.keys()],
      // Files the preview failed on come first, so the model sees them whole.
      recentlyChanged: [...new Set([...previewErrors.flatMap((e) => (e.file ? [e.file] : [])), ...recentlyChanged])],
      conversation,
      summary,
      contextWindow: contextWindowOf(model),
      maxOutputTokens,
    },
    deps.counter,
  );
  return { built, tree: new WorkingTree(bytes), conversation };
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
