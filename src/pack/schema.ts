/**
 * The shape of a call-script pack. One zod schema is the single source of truth: the loader
 * validates YAML with it, and the machine and screen use the inferred types.
 */
import { z } from 'zod';
import { RULE_IDS } from '../rules.js';
import { HOURS_PATTERN } from '../../machines/hours.js';
import { said } from '../language.js';

/** A schema's own message, said in the desk's language when the file is checked (not when this loads). */
export const says = (zh: string, en: string) => ({ error: () => said({ 'zh-CN': zh, en }) });

const ruleId = z.enum(RULE_IDS as unknown as [string, ...string[]], {
  error: (issue) =>
    said({ 'zh-CN': `未知的规范编号 ${JSON.stringify(issue.input)}（列表见 docs/rules.md）`, en: `unknown rule ID ${JSON.stringify(issue.input)} (see docs/rules.md for the list)` }),
});

const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, says('编号由小写字母、数字和短横线组成，以字母开头', 'an id is lower-case letters, digits and dashes, starting with a letter'));

const hotkey = z.string().regex(/^[0-9a-z]$/, says('热键是一个数字或小写字母', 'a hotkey is one digit or lower-case letter'));

/**
 * When a step must be said: always, never (a good habit, not scored as missed), or only when the
 * call was answered late (R-RING-3 makes R-LATE-SORRY required).
 */
const required = z.union([z.boolean(), z.literal('whenLate')], says('required 只能是 true、false 或 whenLate', 'required is true, false or whenLate'));

/** Bounds on a `heard:` list: a few common ways to say a line, not a corpus. */
export const HEARD_LIMITS = {
  /** Ways to say one step or ready line: the built-in packs give 3 to 8. */
  entries: 12,
  /** Characters in one way to say it: a recogniser hears a long line in pieces, at its pauses. */
  chars: 80,
} as const;

/**
 * The ways agents commonly say a line (shorter, looser, the key phrase of a long line on its
 * own), with the line's {variables}: live assist hears them as well as the line itself.
 * src/pack/heard.ts checks that each is the line's own and long enough to tell apart.
 */
const heard = z
  .array(
    z
      .string()
      .min(1, says('说法不能是空的', 'a way to say it cannot be empty'))
      .max(HEARD_LIMITS.chars, says(`一种说法最多 ${HEARD_LIMITS.chars} 个字；长句在停顿处会被分开听到：请写其中的一段`, `a way to say it is at most ${HEARD_LIMITS.chars} characters; a long line is heard in pieces at its pauses: write one piece`)),
  )
  .max(HEARD_LIMITS.entries, says(`每句最多 ${HEARD_LIMITS.entries} 种说法；请只留最常见的`, `at most ${HEARD_LIMITS.entries} ways to say a line; keep the commonest`))
  .default([]);

export const stepSchema = z.strictObject({
  id,
  /** A short name for the checklist (开场白, surname ...); the line itself when absent. */
  label: z.string().min(1).optional(),
  /** The words to say, with {variables}. */
  line: z.string().min(1),
  heard,
  rules: z.array(ruleId).default([]),
  required: required.default(true),
  /** Ticking the step opens this caller field for typing (e.g. the surname step opens `name`). */
  asks: z.string().optional(),
  /**
   * `hangUp`: the step is judged by who hangs up first (R-THEY-HANG-UP), not ticked by the agent.
   * `repeat`: the step may be said again and again, and the machine counts it (R-OUT-OF-SCOPE).
   */
  judge: z.enum(['hangUp']).optional(),
  repeat: z.boolean().default(false),
  /** Shown only after the repeatable step of the branch has been said this many times. */
  afterRepeats: z.number().int().positive().optional(),
});

/** What a branch does to the call beyond its lines. */
export const BRANCH_KINDS = [
  'consultation',
  'complaint',
  'suggestion',
  'crossRegion',
  'outOfScope',
  'wrongNumber',
  'findPerson',
  'takeMessage',
  'support',
  /** Nobody speaks (a dead line, a pocket dial): asked again and again, then closed by the agent. */
  'silent',
] as const;

export const branchSchema = z.strictObject({
  id,
  kind: z.enum(BRANCH_KINDS),
  label: z.string().min(1),
  hotkey,
  rules: z.array(ruleId).default([]),
  steps: z.array(stepSchema).min(1),
  /** The call ends in a ticket that needs a written summary (R-TICKET). */
  ticket: z.boolean().default(false),
  /** Not a business call: the R-NON-BUSINESS-3MIN limit applies, and gathering is not needed. */
  nonBusiness: z.boolean().default(false),
  /** The branch's last line is its own goodbye: closing then only waits for the hang-up. */
  endsCall: z.boolean().default(false),
  /**
   * How often the repeatable step is said before the agent may close the call: an out-of-scope
   * caller is explained to three times (R-OUT-OF-SCOPE); a silent line is asked three times.
   */
  explainTimes: z.number().int().positive().optional(),
  /** The branch that usually follows this one (find a person → take a message), offered first. */
  then: id.optional(),
  /** The reason ticked at wrap-up: only for a branch with one obvious reason (wrong number ...). */
  reason: z.string().optional(),
  /** The reason group opened at wrap-up (its hotkey), so one digit picks the reason. */
  reasonGroup: hotkey.optional(),
});

export const holdSchema = z.strictObject({
  ask: stepSchema,
  back: stepSchema,
  checkBack: stepSchema,
});

const reasonLeaf = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_-]*$/, says('来电原因代码由大写字母、数字、_ 和 - 组成', 'a reason code is upper-case letters, digits, _ and -')),
  label: z.string().min(1),
  hotkey,
});

export const reasonGroupSchema = z.strictObject({
  group: z.string().min(1),
  hotkey,
  reasons: z.array(reasonLeaf).min(1),
});

export const fieldSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, says('字段编号由字母和数字组成，以字母开头', 'a field id is letters and digits, starting with a letter')),
  label: z.string().min(1),
  hotkey,
  /** Private caller data: masked in exports and on a projector. */
  private: z.boolean().default(false),
});

export const thresholdsSchema = z.strictObject({
  ringMs: z.number().int().positive().optional(),
  holdCheckBackMs: z.number().int().positive().optional(),
  nonBusinessMs: z.number().int().positive().optional(),
  wrapUpMs: z.number().int().positive().optional(),
  openNowMs: z.number().int().positive().optional(),
});

const hours = z.string().regex(HOURS_PATTERN, says('时段写作 09:00-12:00', 'hours look like 09:00-12:00'));

/**
 * The call-back that keeps a ticket's promise (R-FOLLOW-UP, R-CALLBACK, R-OUTBOUND): the agent
 * calls the customer. Its own four phases: introduce yourself, ask whether now suits (consent,
 * before anything else), the purpose and the result, goodbye. Lines may use {about} (why the
 * customer called) and {opened} (the day they called).
 */
export const callbackSchema = z.strictObject({
  /** When customers may be called (R-CALLBACK: the right time of day). */
  hours: z.array(hours).min(1),
  /** Keep it short (R-OUTBOUND: at most three minutes). */
  limitMs: z.number().int().positive().default(180_000),
  phases: z.strictObject({
    greeting: z.array(stepSchema).min(1),
    gathering: z.array(stepSchema).min(1),
    answering: z.array(stepSchema).min(1),
    closing: z.array(stepSchema).min(1),
  }),
  /** What came of it, picked at wrap-up; `closes`: the ticket is done (the customer was reached). */
  results: z
    .array(reasonLeaf.extend({ closes: z.boolean() }))
    .min(2)
    .refine((results) => results.some((r) => r.closes) && results.some((r) => !r.closes), says('结果至少要有一个关闭工单的和一个保持工单打开的', 'results need at least one that closes the ticket and one that keeps it open')),
});

export const packSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, says('话术包编号由字母、数字和短横线组成', 'a pack id is letters, digits and dashes')),
  language: z.enum(['zh-CN', 'en']),
  name: z.string().min(1),
  description: z.string().default(''),
  /** Default values for {variables}; the agent number and name settings replace them; company and hotline: src/pack/desk-values.ts. */
  variables: z.record(z.string(), z.string()).default({}),
  /** How to address a caller whose name is not known yet ({caller}). */
  callerFallback: z.string().min(1),
  /** Night service hours, "HH:MM-HH:MM" (R-NIGHT). */
  nightHours: z
    .string()
    .regex(HOURS_PATTERN, says('夜间时段写作 23:30-07:30', 'night hours look like 23:30-07:30'))
    .optional(),
  thresholds: thresholdsSchema.default({}),
  phases: z.strictObject({
    greeting: z.array(stepSchema).min(1),
    gathering: z.array(stepSchema).min(1),
    closing: z.array(stepSchema).min(1),
  }),
  hold: holdSchema,
  branches: z.array(branchSchema).min(1),
  /** Ready lines that are not steps: repeat please, manager request, holiday wishes ... */
  lines: z
    .array(
      z.strictObject({
        id,
        label: z.string(),
        line: z.string(),
        heard,
        rules: z.array(ruleId).default([]),
        /**
         * Steps of the pack this line says in other words (a step's id, or the hold's thanks):
         * picking the line ticks the first of them that is up then (machines/call.ts readyLineTicks).
         */
        steps: z.array(id).default([]),
      }),
    )
    .default([]),
  fields: z.array(fieldSchema).default([]),
  reasons: z.array(reasonGroupSchema).min(3, says('话术包至少要有 3 个来电原因组', 'a pack needs at least 3 reason groups')),
  /** Working a follow-up: without it, the pack's tickets are called back without a script. */
  callback: callbackSchema.optional(),
});

export type Pack = z.infer<typeof packSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Branch = z.infer<typeof branchSchema>;
export type BranchKind = (typeof BRANCH_KINDS)[number];
export type Field = z.infer<typeof fieldSchema>;
export type ReasonGroup = z.infer<typeof reasonGroupSchema>;
export type Callback = z.infer<typeof callbackSchema>;
export type CallbackResult = Callback['results'][number];
export type Thresholds = Required<z.infer<typeof thresholdsSchema>>;
