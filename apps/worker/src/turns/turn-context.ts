import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStore } from '@studio/files';
import { isText } from '@studio/files';
import { type BuiltContext, buildContext, buildStaticPrompt, type ContextFile, contextWindowOf, type TokenCounter } from '@studio/llm';
import type { TurnEntity } from '@studio/data';
import type { TurnStore } from './turn-store.js';
import { WorkingTree } from './working-tree.js';

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
    private readonly templatesDir: string,
    private readonly packages: ReadonlySet<string>,
  ) {}

  forTemplate(templateId: string): string {
    let prompt = this.cache.get(templateId);
    if (prompt === undefined) {
      prompt = buildStaticPrompt({ templateConventions: this.conventions(templateId), components: [], packages: [...this.packages] });
      this.cache.set(templateId, prompt);
    }
    return prompt;
  }

  private conventions(templateId: string): string | undefined {
    try {
      const manifest = JSON.parse(readFileSync(join(this.templatesDir, templateId, 'template.json'), 'utf8')) as { conventions?: string | string[] };
      return Array.isArray(manifest.conventions) ? manifest.conventions.join('\n') : manifest.conventions;
    } catch {
      return undefined;
    }
  }
}

/**
 * The `context` stage: the base version's files, the chat so far (older part summarised), the message,
 * within the model's budget (libs/llm buildContext).
 */
export async function buildTurnContext(
  deps: { files: FileStore; store: TurnStore; prompts: StaticPrompts; counter: TokenCounter },
  turn: TurnEntity & { baseVersion: number },
  model: string,
  maxOutputTokens: number,
): Promise<TurnContext> {
  const { files, store } = deps;
  const [bytes, manifest, conversation, summary, templateId, recentlyChanged] = await Promise.all([
    files.readAll(turn.projectId, turn.baseVersion),
    files.manifest(turn.projectId, turn.baseVersion),
    store.conversation(turn.projectId, turn),
    store.summary(turn.projectId),
    store.templateOf(turn.projectId),
    store.recentlyChanged(turn.projectId),
  ]);
  const contextFiles: ContextFile[] = [];
  for (const [path, content] of bytes) {
    if (isText(content)) contextFiles.push({ path, content: content.toString('utf8'), sha256: manifest[path]?.sha256 });
  }
  const built = buildContext(
    {
      message: turn.message,
      staticPrompt: deps.prompts.forTemplate(templateId),
      files: contextFiles,
      tree: [...bytes.keys()],
      recentlyChanged,
      conversation,
      summary,
      contextWindow: contextWindowOf(model),
      maxOutputTokens,
    },
    deps.counter,
  );
  return { built, tree: new WorkingTree(bytes), conversation };
}
