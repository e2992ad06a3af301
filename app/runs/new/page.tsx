import { NewRunForm } from '@/components/new-run-form';
import { getRunManager } from '@/server/run-manager-access';
import { agentFieldDefaults } from '@/app/actions/start-run-schema';

export const dynamic = 'force-dynamic';

/** New run: pick definitions and an agent; the run starts in this server process. */
export default function NewRunPage() {
  const manager = getRunManager();
  const suites = manager.listSuites().map(({ id, title, description }) => ({ id, title, description }));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New run</h1>
      <NewRunForm suites={suites} fieldDefaults={agentFieldDefaults(manager.simThinkMs)} />
    </div>
  );
}
