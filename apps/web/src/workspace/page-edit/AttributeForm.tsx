import type { EditableAttribute, PickedElement } from '@studio/contracts';
import { type FormEvent, useState } from 'react';
import type { AttributeChange } from './use-page-edits';

/** The attributes a person can change on each kind of element. */
const FIELDS: Record<string, { name: EditableAttribute; label: string }[]> = {
  img: [
    { name: 'src', label: 'Image address' },
    { name: 'alt', label: 'Description (alt text)' },
  ],
  a: [{ name: 'href', label: 'Link target' }],
};

/** The small form for the image or link picked on the page: its src and alt, or its href. */
export function AttributeForm({ element, busy, onSave, onCancel }: { element: PickedElement; busy: boolean; onSave: (changes: AttributeChange[]) => void; onCancel: () => void }) {
  const fields = FIELDS[element.tag] ?? [];
  const [values, setValues] = useState<Partial<Record<EditableAttribute, string>>>(() => Object.fromEntries(fields.map((f) => [f.name, element.attributes[f.name] ?? ''])));
  if (!fields.length) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes = fields.flatMap(({ name }): AttributeChange[] => {
      const before = element.attributes[name] ?? '';
      const after = values[name] ?? '';
      return after === before ? [] : [{ target: { kind: 'attribute', name }, before, after }];
    });
    if (changes.length) onSave(changes);
    else onCancel();
  };
  return (
    <form className="page-edit-form" onSubmit={submit} aria-label={element.tag === 'img' ? 'Edit the image' : 'Edit the link'}>
      <p className="page-edit-form-title">
        {element.tag === 'img' ? 'Image' : 'Link'} <span className="muted">{`${element.location.path}:${element.location.line}`}</span>
      </p>
      {fields.map(({ name, label }) => (
        <label key={name}>
          <span>{label}</span>
          <input value={values[name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} spellCheck={name === 'alt'} />
        </label>
      ))}
      <div className="page-edit-actions">
        <button type="submit" className="button primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
