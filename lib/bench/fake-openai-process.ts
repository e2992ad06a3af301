/**
 * The fake OpenAI-compatible server as its own process for the benchmark (so its memory is not the runner's):
 * every conversation lists the sandbox once, then answers. Prints its URL on stdout.
 */
import { startFakeOpenAIServer } from '../agents/testing/fake-openai-server';

const server = await startFakeOpenAIServer({
  model: 'bench-model',
  respond: (req) => (req.turn === 0 ? { toolCalls: [{ name: 'list_directory', arguments: JSON.stringify({ path: '.' }) }] } : { content: 'done' }),
});
// Keep the request log from growing for the whole benchmark.
setInterval(() => {
  server.requests.length = 0;
}, 1000).unref();
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
