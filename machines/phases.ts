/**
 * The phases of a call, in the order a call goes through them: declared here once, and the pack
 * schema, the machine, training scenarios and the screen all take them from here.
 */
export const PHASES = ['greeting', 'gathering', 'answering', 'closing'] as const;
export type Phase = (typeof PHASES)[number];

/** The phases a pack scripts itself; answering's steps come from the branch the call takes. */
export const PACK_PHASES = PHASES.filter((phase): phase is Exclude<Phase, 'answering'> => phase !== 'answering');

/** The phases as the phase bar shows them: the call's, then its wrap-up. */
export const SCREEN_PHASES = [...PHASES, 'wrapUp'] as const;
