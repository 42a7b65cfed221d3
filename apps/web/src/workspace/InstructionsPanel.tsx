import { INSTRUCTIONS_MAX_CHARS, type InstructionsView } from '@studio/contracts';
import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { loadInstructions, saveInstructions } from './instructions/instructions-api';
import { afterConflict } from './instructions/save-conflict';
import './instructions/instructions.css';

export interface InstructionsPanelProps {
  projectId: string;
  head: number;
  /** Saving made this version (the new head). */
  onSaved: (version: number) => void;
}

const titleId = 'instructions-title';
const counterId = 'instructions-count';
const hintId = 'instructions-hint';

/**
 * The project's standing instructions: a text the model is given with every message (docs/API.md "Project
 * instructions"). Saved as a version with the head it was loaded from as its base; a head that moved because
 * of other files is saved over quietly, instructions someone else changed meanwhile are shown beside the
 * person's draft, which is never thrown away without their say.
 */
export function InstructionsPanel({ projectId, head, onSaved }: InstructionsPanelProps) {
  const [loaded, setLoaded] = useState<InstructionsView | null>(null);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<InstructionsView | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const dirty = loaded !== null && draft !== loaded.text;

  // Follows the head (a turn, a restore, the code view) while the person has nothing unsaved here.
  useEffect(() => {
    if (dirty || saving || (loaded && loaded.version === head)) return;
    let live = true;
    loadInstructions(projectId)
      .then((view) => {
        if (!live) return;
        setLoaded(view);
        setDraft(view.text);
      })
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [projectId, head, dirty, saving, loaded]);

  const save = async (baseVersion: number, startedFrom: string): Promise<void> => {
    try {
      const { version } = await saveInstructions(projectId, { text: draft, baseVersion });
      setLoaded({ text: draft, version });
      setSavedVersion(version);
      setTheirs(null);
      onSaved(version);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'VERSION_CONFLICT')) throw err;
      const step = afterConflict(startedFrom, await loadInstructions(projectId));
      if (step.kind === 'retry') return save(step.baseVersion, startedFrom);
      setTheirs(step.theirs);
    }
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!loaded || saving) return;
    setSaving(true);
    setError(null);
    setSavedVersion(null);
    // Over a conflict the person has seen, "Save mine" saves on top of what they were shown.
    const base = theirs ?? loaded;
    await save(base.version, base.text)
      .catch((err) => setError(errorMessage(err)))
      .finally(() => setSaving(false));
  };

  const takeTheirs = () => {
    if (!theirs) return;
    setLoaded(theirs);
    setDraft(theirs.text);
    setTheirs(null);
  };

  // Ctrl+Enter / ⌘+Enter saves from the text area, as in the chat.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
  };

  const left = INSTRUCTIONS_MAX_CHARS - draft.length;
  return (
    <section className="instructions-panel" aria-label="Project instructions">
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>Project instructions</h2>
        <p id={hintId} className="hint muted">
          Standing instructions the model follows in every reply of this project: brand voice, words to avoid, “British English”, sections to always keep. A message can still ask for an exception.
          Only you can change them; they are saved with each version.
        </p>
        <textarea
          aria-labelledby={titleId}
          className="instructions-text"
          rows={12}
          maxLength={INSTRUCTIONS_MAX_CHARS}
          placeholder={'Write in British English.\nNever say “revolutionary”.\nAlways keep the pricing section.'}
          value={draft}
          disabled={!loaded}
          aria-describedby={`${hintId} ${counterId}`}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="instructions-actions">
          <span id={counterId} className={`instructions-count ${left < 200 ? 'near' : ''}`} aria-live={left < 200 ? 'polite' : 'off'}>
            {draft.length.toLocaleString()} / {INSTRUCTIONS_MAX_CHARS.toLocaleString()} characters
          </span>
          {savedVersion !== null && !dirty && (
            <span className="instructions-saved" role="status">
              Saved as version {savedVersion}.
            </span>
          )}
          {dirty && !theirs && <span className="instructions-unsaved muted">Not saved yet.</span>}
          <button type="submit" className="button primary" disabled={!loaded || saving || (!dirty && !theirs)}>
            {saving ? 'Saving…' : theirs ? 'Save mine' : 'Save'}
          </button>
        </div>
      </form>
      {theirs && (
        <div className="instructions-conflict" role="alert">
          <p>The instructions were changed in version {theirs.version} while you were writing. Your text is still above: save yours over them, or take theirs.</p>
          <pre className="instructions-theirs" aria-label={`The instructions of version ${theirs.version}`}>
            {theirs.text || '(no instructions)'}
          </pre>
          <button type="button" className="button" onClick={takeTheirs}>
            Take theirs (drop my text)
          </button>
        </div>
      )}
      <Alert message={error} />
    </section>
  );
}
