import type { AssetView, NewVersionView } from '@studio/contracts';
import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { ACCEPT, formatBytes } from '../api/upload-checks';
import { uploadFile } from '../api/uploads';
import { Alert } from '../ui/Alert';
import { useBlobUrl } from '../ui/use-blob-url';

/** One file on its way in: sending its bytes, then being checked by the worker, or refused (with why). */
interface UploadJob {
  key: number;
  name: string;
  progress: number;
  stage: 'sending' | 'checking' | 'failed';
  error?: string;
}

const rawUrl = (projectId: string, path: string) => `/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`;

/** The smallest copy that still fills a thumbnail: the smallest WebP variant when there is one, else the original. */
function thumbnailOf(asset: AssetView): { path: string; type: string } {
  const small = [...asset.variants].sort((a, b) => a.width - b.width)[0];
  return small ? { path: small.path, type: 'image/webp' } : { path: asset.path, type: asset.contentType };
}

function Thumbnail({ projectId, asset }: { projectId: string; asset: AssetView }) {
  const thumb = asset.kind === 'image' ? thumbnailOf(asset) : null;
  const { src, failed } = useBlobUrl(thumb ? rawUrl(projectId, thumb.path) : null, thumb?.type);
  if (asset.kind === 'font')
    return (
      <div className="asset-thumb font" aria-hidden="true">
        Aa
      </div>
    );
  // The dominant colour stands in while the bytes load.
  return src ? (
    <img className="asset-thumb" src={src} alt={asset.alt} width={asset.width} height={asset.height} />
  ) : (
    <div className="asset-thumb" style={{ background: asset.dominantColor }} aria-hidden="true">
      {failed ? '?' : ''}
    </div>
  );
}

/** Alt text edited in place: saved when the field is left or Enter is pressed, and only if it changed. */
function AltField({ asset, save }: { asset: AssetView; save: (alt: string) => Promise<void> }) {
  const [draft, setDraft] = useState(asset.alt);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(asset.alt), [asset.alt]);
  const commit = async () => {
    const alt = draft.trim();
    if (alt === asset.alt || saving) return;
    setSaving(true);
    await save(alt).catch(() => setDraft(asset.alt));
    setSaving(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') void commit();
    if (e.key === 'Escape') setDraft(asset.alt);
  };
  const name = asset.path.split('/').pop();
  return (
    <input
      className="asset-alt"
      aria-label={`Alt text for ${name}`}
      placeholder="Describe it for people who cannot see it"
      maxLength={300}
      value={draft}
      disabled={saving}
      data-saved={!saving && draft.trim() === asset.alt}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void commit()}
      onKeyDown={onKeyDown}
    />
  );
}

/**
 * The project's images and fonts (files under public/assets/): thumbnails, size, alt text, replace and delete,
 * and uploads (button or drop) with a progress bar each. Reloads when the head version moves.
 */
export function AssetsPanel({ projectId, head, onChanged }: { projectId: string; head: number; onChanged: (version: number) => void }) {
  const [assets, setAssets] = useState<AssetView[] | null>(null);
  const [jobs, setJobs] = useState<UploadJob[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [reloads, setReloads] = useState(0);
  const nextKey = useRef(0);

  useEffect(() => {
    let live = true;
    api<AssetView[]>('GET', `/api/projects/${projectId}/assets`).then(
      (list) => live && setAssets(list),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [projectId, head, reloads]);

  const patchJob = (key: number, change: Partial<UploadJob>) => setJobs((js) => js.map((j) => (j.key === key ? { ...j, ...change } : j)));

  const upload = (files: File[], replaces?: string) => {
    setError(null);
    for (const file of files) {
      const key = nextKey.current++;
      setJobs((js) => [...js, { key, name: file.name, progress: 0, stage: 'sending' }]);
      uploadFile(projectId, file, { purpose: 'asset', replaces, onProgress: (progress) => patchJob(key, { progress }), onProcessing: () => patchJob(key, { stage: 'checking' }) }).then(
        (view) => {
          setJobs((js) => js.filter((j) => j.key !== key));
          if (view.version) onChanged(view.version);
          setReloads((n) => n + 1);
        },
        (err: unknown) => patchJob(key, { stage: 'failed', error: errorMessage(err) }),
      );
    }
  };

  const saveAlt = async (path: string, alt: string) => {
    setError(null);
    try {
      const updated = await api<AssetView>('PATCH', `/api/projects/${projectId}/assets`, { path, alt });
      setAssets((list) => list?.map((a) => (a.path === path ? updated : a)) ?? null);
    } catch (err) {
      setError(errorMessage(err));
      throw err;
    }
  };

  const remove = async (asset: AssetView) => {
    if (!window.confirm(`Delete ${asset.path.split('/').pop()}? Pages that show it will show nothing there. Restoring an earlier version brings it back.`)) return;
    setError(null);
    try {
      const done = await api<NewVersionView>('DELETE', `/api/projects/${projectId}/assets?path=${encodeURIComponent(asset.path)}&baseVersion=${head}`);
      onChanged(done.version);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  // Only a drag that carries files is ours (not text dragged out of the chat).
  const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    upload([...e.dataTransfer.files]);
  };

  return (
    <section className={`assets panel${dragging ? ' dropping' : ''}`} aria-labelledby="assets-title" onDragOver={onDragOver} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <div className="panel-head">
        <h2 id="assets-title">Images and fonts</h2>
        <label className="button small">
          Upload
          <input
            type="file"
            className="sr-only"
            aria-label="Upload images or fonts"
            multiple
            accept={ACCEPT.asset}
            onChange={(e) => {
              upload([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <Alert message={error} />
      {jobs.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {jobs.map((j) => (
            <li key={j.key} data-stage={j.stage}>
              <span className="grow upload-name">{j.name}</span>
              {j.stage === 'failed' ? (
                <>
                  <span className="error" role="alert">
                    {j.error}
                  </span>
                  <button type="button" className="link" onClick={() => setJobs((js) => js.filter((x) => x.key !== j.key))}>
                    Dismiss
                  </button>
                </>
              ) : j.stage === 'checking' ? (
                <span className="muted">Checking…</span>
              ) : (
                <progress max={1} value={j.progress} aria-label={`Uploading ${j.name}`} />
              )}
            </li>
          ))}
        </ul>
      )}
      {!assets ? (
        <p className="muted">Loading…</p>
      ) : assets.length === 0 ? (
        <p className="muted">No images yet. Upload your logo, photos or a font, or drop them here; the model can then use them on the page.</p>
      ) : (
        <ul className="asset-list">
          {assets.map((a) => (
            <li key={a.path} data-asset={a.path}>
              <Thumbnail projectId={projectId} asset={a} />
              <div className="asset-info">
                <code className="asset-url" title={a.path}>
                  {a.url}
                </code>
                <span className="muted asset-meta">
                  {a.width && a.height ? `${a.width}×${a.height} · ` : ''}
                  {formatBytes(a.bytes)}
                </span>
                {a.kind === 'image' && <AltField asset={a} save={(alt) => saveAlt(a.path, alt)} />}
              </div>
              <div className="asset-actions">
                <label className="button ghost small">
                  Replace
                  <input
                    type="file"
                    className="sr-only"
                    aria-label={`Replace ${a.path.split('/').pop()}`}
                    accept={a.contentType}
                    onChange={(e) => {
                      upload([...(e.target.files ?? [])].slice(0, 1), a.path);
                      e.target.value = '';
                    }}
                  />
                </label>
                <button type="button" className="button ghost small" onClick={() => void remove(a)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
