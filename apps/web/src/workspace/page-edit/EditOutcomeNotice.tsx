import { useState } from 'react';
import { canApplyToLatest } from './refusals';
import type { EditOutcome } from './use-page-edits';

type Refused = Extract<EditOutcome, { kind: 'refused' }>;

/**
 * How the last edit on the page ended. A refusal says why and keeps the person's value (they can change it,
 * copy it, or, when only the version moved, apply it to the latest version): an edit is never lost.
 */
export function EditOutcomeNotice({ outcome, busy, onApply, onDismiss }: { outcome: EditOutcome | null; busy: boolean; onApply: (after: string) => void; onDismiss: () => void }) {
  if (!outcome) return null;
  if (outcome.kind === 'saved')
    return (
      <p className="page-edit-saved" role="status" data-testid="page-edit-outcome">
        Saved as version {outcome.version} ({outcome.path}).
      </p>
    );
  return <RefusedNotice key={outcome.seq} outcome={outcome} busy={busy} onApply={onApply} onDismiss={onDismiss} />;
}

/** One refusal: its own copy of the person's value, started from what they sent. */
function RefusedNotice({ outcome, busy, onApply, onDismiss }: { outcome: Refused; busy: boolean; onApply: (after: string) => void; onDismiss: () => void }) {
  const [kept, setKept] = useState(outcome.body.after);
  const label = outcome.body.target.kind === 'text' ? 'Your text' : `Your ${outcome.body.target.name}`;
  return (
    <div className="page-edit-refused" role="alert" data-testid="page-edit-outcome" data-code={outcome.code}>
      <p className="page-edit-refused-why">{outcome.text}</p>
      <label className="page-edit-kept">
        <span>{label}</span>
        <textarea value={kept} rows={Math.min(4, Math.max(1, Math.ceil(kept.length / 70)))} onChange={(e) => setKept(e.target.value)} />
      </label>
      <div className="page-edit-actions">
        {canApplyToLatest(outcome.code) && (
          <button type="button" className="button primary" disabled={busy} onClick={() => onApply(kept)}>
            Apply to the latest version
          </button>
        )}
        <button type="button" className="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
