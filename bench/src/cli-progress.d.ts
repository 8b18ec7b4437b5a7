// cli-progress ships no types; the CLI uses SingleBar start/update/stop only.
declare module 'cli-progress';
