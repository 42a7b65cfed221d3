import type { Project, TemplateSummary } from '@studio/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage, request } from '../api/client';
import { Alert } from '../ui/Alert';

/** A template's thumbnail, fetched through request() (a lapsed session refreshes first) and shown from a blob. */
function Thumbnail({ url, alt }: { url: string | null; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let objectUrl: string | null = null;
    void request('GET', url)
      .then((res) => res.blob())
      .then((blob) => setSrc((objectUrl = URL.createObjectURL(blob))))
      .catch(() => undefined);
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  return src ? <img src={src} alt={alt} /> : <div className="thumb-placeholder" aria-hidden="true" />;
}

/** The person's projects, and a new one from a template. */
export function ProjectsPage({ open }: { open: (id: string) => void }) {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [templateId, setTemplateId] = useState('landing');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Project[]>('GET', '/api/projects').then(setProjects, (e: unknown) => setError(errorMessage(e)));
    api<TemplateSummary[]>('GET', '/api/templates').then(setTemplates, () => undefined);
  }, []);

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const project = await api<Project>('POST', '/api/projects', { name: name.trim() || 'My landing page', templateId });
      open(project.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <main className="projects">
      <section aria-labelledby="new-title" className="panel">
        <h1 id="new-title">New landing page</h1>
        <form onSubmit={create} className="new-project">
          <fieldset className="templates">
            <legend>Start from</legend>
            {templates.map((t) => (
              <label key={t.id} className={`template ${templateId === t.id ? 'selected' : ''}`}>
                <input type="radio" name="template" value={t.id} checked={templateId === t.id} onChange={() => setTemplateId(t.id)} />
                <Thumbnail url={t.thumbnailUrl} alt={`The ${t.name} template`} />
                <strong>{t.name}</strong>
                <span className="muted">{t.description}</span>
              </label>
            ))}
          </fieldset>
          <div className="row">
            <label className="grow">
              Project name
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder="My landing page" maxLength={100} />
            </label>
            <button className="button primary" type="submit" disabled={busy}>
              {busy ? 'Creating…' : 'Create project'}
            </button>
          </div>
          <Alert message={error} />
        </form>
      </section>
      <section aria-labelledby="list-title" className="panel">
        <h2 id="list-title">Your projects</h2>
        {projects === null ? (
          <p className="muted">Loading…</p>
        ) : projects.length === 0 ? (
          <p className="muted">No projects yet: pick a template above to make the first one.</p>
        ) : (
          <ul className="project-list">
            {projects.map((p) => (
              <li key={p.id}>
                <a href={`#/p/${p.id}`}>
                  <strong>{p.name}</strong>
                  <span className="muted">
                    {p.templateId} · version {p.headVersion} · {new Date(p.updatedAt).toLocaleString()}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
