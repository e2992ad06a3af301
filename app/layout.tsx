import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

/** The favicon and the header logo are static files in public/, served by Next through the custom server. */
export const metadata: Metadata = {
  title: 'PICARD Live',
  description: 'Agentic LLM benchmark runs, live',
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              {/* A plain <img>: next/image would need dangerouslyAllowSVG for an SVG, and the logo needs no resizing. */}
              <img src="/logo.svg" alt="" width={24} height={24} data-testid="logo" />
              PICARD Live
            </Link>
            <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">Runs</Link>
            <Link href="/runs/new" data-testid="nav-new-run" className="text-sm text-slate-600 hover:text-slate-900">New run</Link>
            <Link href="/compare" data-testid="nav-compare" className="text-sm text-slate-600 hover:text-slate-900">Compare</Link>
            <Link href="/experiments" data-testid="nav-experiments" className="text-sm text-slate-600 hover:text-slate-900">Experiments</Link>
            <Link href="/workers" data-testid="nav-workers" className="text-sm text-slate-600 hover:text-slate-900">Workers</Link>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
