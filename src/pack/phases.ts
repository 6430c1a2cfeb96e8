/**
 * The four phases of a call, in order. A module of its own (no zod): the machine and the store
 * need the list, and a command that reads the log must not load the pack schema to get it.
 */
export const PHASES = ['greeting', 'gathering', 'answering', 'closing'] as const;
