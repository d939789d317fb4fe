'use client';

// Evidence with its SHA-256, a preview (images inline, PDFs in an <object>)
// and upload. Downloads are attachments, so previews fetch the bytes through
// the proxy and show them from a blob: URL.
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { buttonClass, FieldError, SubmitButton } from '@/components/form';
import type { Schemas } from '@/components/money/shared';
import { useToast } from '@/components/toast';
import { BROWSER_API_BASE, createBrowserClient, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

type Evidence = Schemas['EvidenceListDto']['evidence'][number];

function contentUrl(id: string): string {
  return `${BROWSER_API_BASE}/evidence/${id}/content`;
}

function Preview({ item }: { item: Evidence }) {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let isCancelled = false;
    fetch(contentUrl(item.id), { credentials: 'include' })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The file could not be loaded (${response.status}).`);
        const blob = new Blob([await response.arrayBuffer()], { type: item.contentType });
        objectUrl = URL.createObjectURL(blob);
        if (!isCancelled) setUrl(objectUrl);
      })
      .catch((error: unknown) =>
        setProblem(error instanceof Error ? error.message : 'The file could not be loaded.'),
      );
    return () => {
      isCancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [item.id, item.contentType]);
  if (problem) return <p className="text-red-800">{problem}</p>;
  if (!url) return <p className="text-slate-700">Loading preview…</p>;
  return item.contentType === 'application/pdf' ? (
    <object
      data={url}
      type="application/pdf"
      aria-label={`Preview of ${item.filename}`}
      className="h-[32rem] w-full rounded border border-slate-300"
    >
      <p>
        Your browser cannot show PDFs inline.{' '}
        <a href={contentUrl(item.id)}>Download {item.filename}</a>.
      </p>
    </object>
  ) : (
    <img
      src={url}
      alt={`Evidence: ${item.filename}`}
      className="max-h-[32rem] max-w-full rounded border border-slate-300"
    />
  );
}

export function EvidencePanel({
  claimId,
  evidence,
  canUpload,
}: {
  claimId: string;
  evidence: Evidence[];
  canUpload: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const file = new FormData(form).get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError('Choose a PDF, PNG or JPEG file');
      return;
    }
    const body = new FormData();
    body.append('file', file);
    setIsBusy(true);
    setError(undefined);
    try {
      const result = unwrap(
        await createBrowserClient().POST('/claims/{id}/evidence', {
          params: { path: { id: claimId } },
          body: body as unknown as { file: string },
          bodySerializer: (value) => value as unknown as FormData,
        }),
      );
      toast(`Uploaded ${result.evidence.filename}.`);
      form.reset();
      router.refresh();
    } catch (problem) {
      // 413 (too large) and 415 (not a PDF/PNG/JPEG, naming what was found) come back as the API's own words.
      setError(describeError(problem));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section aria-labelledby="evidence-title" className="space-y-4">
      <h2 id="evidence-title" className="text-xl font-semibold text-navy-900">
        Evidence
      </h2>
      {evidence.length === 0 ? (
        <p className="text-slate-700">No evidence uploaded yet.</p>
      ) : (
        <ul className="space-y-3">
          {evidence.map((item) => (
            <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-semibold text-navy-900">{item.filename}</p>
                  <p className="text-sm text-slate-700">
                    {item.contentType} · {(item.sizeBytes / 1024).toFixed(1)} KB · uploaded{' '}
                    {formatDateTime(item.uploadedAt)}
                  </p>
                  <p className="font-mono text-xs break-all text-slate-700">
                    SHA-256 {item.sha256}
                  </p>
                </div>
                <div className="flex gap-2">
                  <button
                    type="button"
                    className={buttonClass('secondary', 'sm')}
                    aria-expanded={previewId === item.id}
                    onClick={() => setPreviewId(previewId === item.id ? null : item.id)}
                  >
                    {previewId === item.id ? 'Hide preview' : 'Preview'}
                  </button>
                  <a
                    className={buttonClass('secondary', 'sm')}
                    href={contentUrl(item.id)}
                    download={item.filename}
                  >
                    Download
                  </a>
                </div>
              </div>
              {previewId === item.id && (
                <div className="mt-3">
                  <Preview item={item} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canUpload && (
        <form
          onSubmit={(event) => void upload(event)}
          className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
          noValidate
        >
          <label htmlFor="evidence-file" className="block font-semibold text-navy-900">
            Upload evidence
          </label>
          <p id="evidence-file-hint" className="text-sm text-slate-600">
            PDF, PNG or JPEG, up to 10 MB. The file&rsquo;s SHA-256 is recorded.
          </p>
          <FieldError id="evidence-file-error" error={error} />
          <input
            id="evidence-file"
            name="file"
            type="file"
            accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
            aria-describedby={`evidence-file-hint${error ? ' evidence-file-error' : ''}`}
            aria-invalid={error ? true : undefined}
            className="block text-sm"
          />
          <SubmitButton isBusy={isBusy} busyLabel="Uploading…" variant="secondary">
            Upload
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
