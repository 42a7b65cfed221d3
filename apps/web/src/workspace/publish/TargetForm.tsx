import type { PublishTargetBody, SiteView } from '@studio/contracts';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { Alert } from '../../ui/Alert';
import { type FormErrors, fieldErrors } from './field-errors';

interface BucketDraft {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  publicUrl: string;
}

const FIELDS = ['endpoint', 'region', 'bucket', 'prefix', 'accessKeyId', 'secretAccessKey', 'publicUrl'] as const;

function draftOf(site: SiteView): BucketDraft {
  const t = site.target.kind === 's3' ? site.target : null;
  // The secret is never sent back: the field starts empty and must be filled to save a bucket.
  return {
    endpoint: t?.endpoint ?? '',
    region: t?.region ?? 'us-east-1',
    bucket: t?.bucket ?? '',
    prefix: t?.prefix ?? '',
    accessKeyId: t?.accessKeyId ?? '',
    secretAccessKey: '',
    forcePathStyle: t?.forcePathStyle ?? false,
    publicUrl: t?.publicUrl ?? '',
  };
}

function bodyOf(kind: 'builtin' | 's3', d: BucketDraft): PublishTargetBody {
  if (kind === 'builtin') return { kind };
  const optional = (value: string) => value.trim() || undefined;
  return {
    kind,
    endpoint: optional(d.endpoint),
    region: d.region.trim() || 'us-east-1',
    bucket: d.bucket.trim(),
    prefix: d.prefix.trim(),
    accessKeyId: d.accessKeyId.trim(),
    secretAccessKey: d.secretAccessKey,
    forcePathStyle: d.forcePathStyle || undefined,
    publicUrl: optional(d.publicUrl),
  };
}

const LABELS: Record<(typeof FIELDS)[number], string> = {
  endpoint: 'Endpoint (empty for AWS)',
  region: 'Region',
  bucket: 'Bucket',
  prefix: 'Key prefix',
  accessKeyId: 'Access key ID',
  secretAccessKey: 'Secret access key',
  publicUrl: 'Public URL of the bucket’s site',
};

/** Where deployments go: this platform's own host, or an S3-compatible bucket the person owns (its secret is write-only). */
export function TargetForm({ projectId, site, saved }: { projectId: string; site: SiteView; saved: (site: SiteView) => void }) {
  const [kind, setKind] = useState<'builtin' | 's3'>(site.target.kind);
  const [draft, setDraft] = useState<BucketDraft>(() => draftOf(site));
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setDone(false);
    setErrors({ fields: {} });
    try {
      const site = await api<SiteView>('PUT', `/api/projects/${projectId}/site/target`, bodyOf(kind, draft));
      saved(site);
      setDraft(draftOf(site));
      setDone(true);
    } catch (err) {
      setErrors(fieldErrors(err, FIELDS));
    } finally {
      setSaving(false);
    }
  };

  const field = (key: (typeof FIELDS)[number], extra: { type?: string; placeholder?: string; autoComplete?: string } = {}) => (
    <label key={key}>
      {LABELS[key]}
      <input
        value={draft[key]}
        autoComplete={extra.autoComplete ?? 'off'}
        spellCheck={false}
        type={extra.type ?? 'text'}
        placeholder={extra.placeholder}
        aria-invalid={errors.fields[key] ? true : undefined}
        aria-describedby={errors.fields[key] ? `target-${key}-error` : undefined}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
      />
      {errors.fields[key] && (
        <span id={`target-${key}-error`} className="error field-error" role="alert">
          {errors.fields[key]}
        </span>
      )}
    </label>
  );

  return (
    <form className="target-form" onSubmit={submit} noValidate>
      <fieldset className="choice">
        <legend>Publish to</legend>
        <label className="check">
          <input type="radio" name="target-kind" checked={kind === 'builtin'} onChange={() => setKind('builtin')} />
          This platform’s host
        </label>
        <label className="check">
          <input type="radio" name="target-kind" checked={kind === 's3'} onChange={() => setKind('s3')} />
          An S3 bucket of yours
        </label>
      </fieldset>
      {kind === 's3' && (
        <div className="target-fields">
          {field('bucket')}
          {field('region')}
          {field('endpoint', { placeholder: 'https://s3.example.com' })}
          {field('prefix', { placeholder: 'www/' })}
          {field('accessKeyId')}
          {field('secretAccessKey', {
            type: 'password',
            autoComplete: 'new-password',
            placeholder: site.target.kind === 's3' ? 'Stored encrypted; type it again to save' : '',
          })}
          {field('publicUrl', { placeholder: 'https://www.example.com' })}
          <label className="check">
            <input type="checkbox" checked={draft.forcePathStyle} onChange={(e) => setDraft((d) => ({ ...d, forcePathStyle: e.target.checked }))} />
            Path-style addresses (MinIO and most non-AWS services)
          </label>
        </div>
      )}
      <Alert message={errors.general} />
      <div className="row">
        <button type="submit" className="button small" disabled={saving}>
          {saving ? 'Saving…' : 'Save target'}
        </button>
        {done && (
          <span className="muted small-note" role="status">
            Saved: the next publish goes there.
          </span>
        )}
      </div>
    </form>
  );
}
