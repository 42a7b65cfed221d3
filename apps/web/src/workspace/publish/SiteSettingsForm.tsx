import type { AssetView, SiteSettingsBody, SiteView } from '@studio/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { Alert } from '../../ui/Alert';
import { type FormErrors, fieldErrors } from './field-errors';
import { hostSuffix } from './publish-state';

const FIELDS = ['slug', 'title', 'description', 'imagePath', 'noindex'] as const;

interface Draft {
  slug: string;
  title: string;
  description: string;
  imagePath: string;
  noindex: boolean;
}

const draftOf = (site: SiteView | null): Draft => ({
  slug: site?.slug ?? '',
  title: site?.settings.title ?? '',
  description: site?.settings.description ?? '',
  imagePath: site?.settings.imagePath ?? '',
  noindex: site?.settings.noindex ?? false,
});

/** What the PUT sends: empty text clears a setting (null); an empty slug before the site exists lets the API choose one. */
function bodyOf(d: Draft): SiteSettingsBody {
  return {
    ...(d.slug.trim() ? { slug: d.slug.trim() } : {}),
    title: d.title.trim() || null,
    description: d.description.trim() || null,
    imagePath: d.imagePath || null,
    noindex: d.noindex,
  };
}

/** A field's refusal, tied to it for screen readers (aria-describedby) and shown under it. */
function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="error field-error" role="alert">
      {message}
    </span>
  ) : null;
}

/** The site's address and how it shows in search results and when shared; saving before the first publish creates the site. */
export function SiteSettingsForm({ projectId, site, saved }: { projectId: string; site: SiteView | null; saved: (site: SiteView) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(site));
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);
  const [images, setImages] = useState<AssetView[] | null>(null);

  // The settings changed elsewhere (another tab, a publish that created the site): show them as they are now.
  // Keyed by the values, so a site:updated about something else (a new deployment) keeps what is being typed.
  const stored = draftOf(site);
  useEffect(() => setDraft(stored), [stored.slug, stored.title, stored.description, stored.imagePath, stored.noindex]);
  useEffect(() => {
    let live = true;
    api<AssetView[]>('GET', `/api/projects/${projectId}/assets`).then(
      (list) => live && setImages(list.filter((a) => a.kind === 'image')),
      () => live && setImages([]),
    );
    return () => {
      live = false;
    };
  }, [projectId]);

  const change = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDone(false);
    setErrors((e) => ({ ...e, fields: { ...e.fields, [key]: '' } }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setErrors({ fields: {} });
    try {
      saved(await api<SiteView>('PUT', `/api/projects/${projectId}/site`, bodyOf(draft)));
      setDone(true);
    } catch (err) {
      setErrors(fieldErrors(err, FIELDS));
    } finally {
      setSaving(false);
    }
  };

  const invalid = (field: string) => (errors.fields[field] ? { 'aria-invalid': true, 'aria-describedby': `site-${field}-error` } : {});
  // The image the site names may no longer be among the project's (deleted since): keep it choosable so saving does not drop it silently.
  const options = images?.some((a) => a.path === draft.imagePath) || !draft.imagePath ? (images ?? []) : [...(images ?? []), { path: draft.imagePath, alt: '' }];

  return (
    <form className="site-settings" onSubmit={submit} noValidate>
      <Alert message={errors.general} />
      <label>
        Site address
        <span className="slug-field">
          <input
            value={draft.slug}
            onChange={(e) => change('slug', e.target.value)}
            placeholder={site ? '' : 'chosen for you at the first publish'}
            autoComplete="off"
            spellCheck={false}
            maxLength={63}
            {...invalid('slug')}
          />
          {site && <span className="muted slug-suffix">{hostSuffix(site)}</span>}
        </span>
        <FieldError id="site-slug-error" message={errors.fields.slug} />
        <span className="muted small-note hint">
          3 to 63 lowercase letters, digits and hyphens; not starting or ending with a hyphen, no “--” as 3rd and 4th characters, and not a reserved name such as www or api.
        </span>
      </label>
      <label>
        Title
        <input value={draft.title} maxLength={120} placeholder="From the page’s title when empty" onChange={(e) => change('title', e.target.value)} {...invalid('title')} />
        <FieldError id="site-title-error" message={errors.fields.title} />
      </label>
      <label>
        Description
        <textarea rows={2} value={draft.description} maxLength={300} placeholder="From the page when empty" onChange={(e) => change('description', e.target.value)} {...invalid('description')} />
        <FieldError id="site-description-error" message={errors.fields.description} />
      </label>
      <label>
        Sharing image
        <select value={draft.imagePath} onChange={(e) => change('imagePath', e.target.value)} disabled={!images} {...invalid('imagePath')}>
          <option value="">A screenshot of the published page</option>
          {options.map((a) => (
            <option key={a.path} value={a.path}>
              {a.path.replace(/^public\/assets\//, '')}
              {a.alt ? ` — ${a.alt}` : ''}
            </option>
          ))}
        </select>
        <FieldError id="site-imagePath-error" message={errors.fields.imagePath} />
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.noindex} onChange={(e) => change('noindex', e.target.checked)} />
        Ask search engines not to index the site (noindex)
      </label>
      <div className="row">
        <button type="submit" className="button small" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {done && (
          <span className="muted small-note" role="status">
            Saved. {site?.liveDeploymentId ? 'Publish again to put it on the live page.' : ''}
          </span>
        )}
      </div>
    </form>
  );
}
