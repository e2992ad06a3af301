export { ExperimentError, ExpCode, loadExperimentFile, parseExperimentText } from './experiment-file';
export type { ExperimentConfiguration, ExperimentSpec, PricePerMTok, ConfigRunOptions } from './experiment-file';
export { experimentFiles, isExperimentFolder, readExperimentManifest } from './experiment-folder';
export type { ExperimentManifest, ExperimentConfigurationRecord } from './experiment-folder';
export { experimentStandings, leaderboardHeader, pairwiseHeader, writeStandings } from './leaderboard';
export type { LeaderboardRow, PairwiseRow, Standings } from './leaderboard';
export { resumeSweep, startSweep, SweepError } from './sweep';
export type { ResumeSweepOptions, SweepConfiguration, SweepEvent, SweepHandle, SweepOptions, SweepResult } from './sweep';
