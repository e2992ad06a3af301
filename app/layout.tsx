import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = { title: 'PICARD Live', description: 'Agentic LLM benchmark runs, live' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <Link href="/" className="font-semibold tracking-tight">PICARD Live</Link>
            <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">Runs</Link>
            <Link href="/runs/new" data-testid="nav-new-run" className="text-sm text-slate-600 hover:text-slate-900">New run</Link>
            <Link href="/compare" data-testid="nav-compare" className="text-sm text-slate-600 hover:text-slate-900">Compare</Link>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
