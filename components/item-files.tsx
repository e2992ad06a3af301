'use client';
import { useState } from 'react';
import type { ItemFile } from '@/lib/results';
import { FilePreview } from './file-preview';
import { formatCount } from './format';
import { Empty, Section } from './panel-section';

function FileList({ title, files, open, onOpen, testId }: { title: string; files: ItemFile[]; open: string | null; onOpen: (rel: string) => void; testId: string }) {
  return (
    <div data-testid={testId}>
      <div className="text-xs font-medium text-slate-600">{title} ({formatCount(files.length)})</div>
      {files.length === 0 ? <Empty>none</Empty> : (
        <ul className="font-mono text-xs">
          {files.map((f) => (
            <li key={f.rel}>
              <button type="button" data-testid="item-file" data-rel={f.rel} onClick={() => onOpen(f.rel)}
                className={`text-left hover:underline ${open === f.rel ? 'font-semibold text-sky-900' : 'text-sky-700'}`}>
                {f.rel.split('/').slice(1).join('/')}
              </button>
              <span className="ml-2 text-slate-400">{formatCount(f.size)} B</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The item's sandbox: files the generator made and files the agent left, each openable in place. */
export function ItemFiles({ runId, files }: { runId: string; files: ItemFile[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const generated = files.filter((f) => f.generated);
  const left = files.filter((f) => !f.generated);
  return (
    <Section title="Sandbox files" testId="panel-files">
      <div className="grid gap-2 sm:grid-cols-2">
        <FileList title="Generated for the item" files={generated} open={open} onOpen={setOpen} testId="files-generated" />
        <FileList title="Left by the agent" files={left} open={open} onOpen={setOpen} testId="files-agent" />
      </div>
      {open && <div className="mt-2"><FilePreview runId={runId} rel={open} /></div>}
    </Section>
  );
}
