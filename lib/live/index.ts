export type { ClientToServerEvents, ExperimentJoinRequest, RunErrorMessage, RunJoinRequest, ServerToClientEvents } from './socket-events';
