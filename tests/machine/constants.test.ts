/**
 * Facts declared once (machines/phases.ts, machines/hours.ts) and what is built on them: the
 * pack's shape, a scenario's beats, the phase bar's order, night and call-back hours.
 */
import { describe, expect, it } from 'vitest';
import { withinHours, hoursEdges } from '../../machines/hours.js';
import { PACK_PHASES, PHASES, SCREEN_PHASES } from '../../machines/phases.js';
import { callbackSchema, packSchema } from '../../src/pack/schema.js';
import { scenarioSchema } from '../../src/train/scenario.js';
import { inNightHours, untilNightChanges } from '../../src/ui/view.js';

describe('the phases, once', () => {
  it('a pack scripts every phase but answering (the branch\'s); a call-back script all four; the bar adds wrap-up', () => {
    expect(PHASES).toEqual(['greeting', 'gathering', 'answering', 'closing']);
    expect(Object.keys(packSchema.shape.phases.shape)).toEqual([...PACK_PHASES]);
    expect(Object.keys(callbackSchema.shape.phases.shape)).toEqual([...PHASES]);
    expect(SCREEN_PHASES).toEqual([...PHASES, 'wrapUp']);
  });

  it('a scenario beat may wait for any phase of a call, and for nothing that is not one', () => {
    const when = scenarioSchema.shape.beats.element.shape.when;
    for (const phase of PHASES) expect(when.safeParse(`phase ${phase}`).success, phase).toBe(true);
    for (const wrong of ['phase wrapUp', 'phase ', 'phase greetingx', 'xphase greeting']) expect(when.safeParse(wrong).success, wrong).toBe(false);
  });
});

describe('hours of the day, once', () => {
  const at = (h: number, m: number) => new Date(2026, 10, 24, h, m);

  it('a pack refuses hours not written HH:MM-HH:MM, in the night hours and the call-back hours alike', () => {
    expect(packSchema.shape.nightHours.safeParse('23:30-07:30').success).toBe(true);
    expect(packSchema.shape.nightHours.safeParse('23:30 - 07:30').success).toBe(false);
    expect(callbackSchema.shape.hours.safeParse(['9:00-12:00']).success).toBe(false);
    expect(callbackSchema.shape.hours.safeParse(['09:00-12:00', '14:00-17:30']).success).toBe(true);
  });

  it('the screen\'s night hours and the judge\'s call-back hours agree, at the edges and across midnight', () => {
    for (const range of ['23:30-07:30', '09:00-12:00']) {
      for (const [h, m] of [[23, 29], [23, 30], [3, 0], [7, 29], [7, 30], [8, 59], [9, 0], [11, 59], [12, 0]] as const) {
        expect(inNightHours(range, at(h, m)), `${range} ${h}:${m}`).toBe(withinHours([range], at(h, m).getTime()));
      }
    }
    expect(withinHours(['09:00-12:00', '14:00-17:30'], at(15, 0).getTime())).toBe(true);
    expect(withinHours(['09:00-12:00', '14:00-17:30'], at(13, 0).getTime())).toBe(false);
    expect(hoursEdges('23:30-07:30')).toEqual([[23, 30], [7, 30]]);
    // Half an hour from 23:00 to the night's start.
    expect(untilNightChanges('23:30-07:30', at(23, 0))).toBe(30 * 60_000);
  });
});
