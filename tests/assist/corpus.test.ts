/**
 * The live-assist bench's corpus (tests/bench/assist/corpus.zh-CN.yaml) keeps up with the Chinese
 * packs: every step an agent says has its paraphrases (a new step without them is caught here, not
 * by a bench that silently measures less), none of them is the line word for word, and there is
 * enough unrelated speech to measure false ticks on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allSteps } from '../../machines/steps.js';
import { SEGMENT_TEXT_MAX } from '../../src/assist/segment.js';
import { loadPackFile } from '../../src/pack/load.js';
import { fillLine } from '../../src/ui/view.js';
import { packPath } from '../helpers.js';

interface Corpus {
  values: Record<string, string>;
  packs: Record<string, Record<string, { fill?: string; paraphrased: string[] }>>;
  unrelated: string[];
}

const corpus = parse(readFileSync(join(__dirname, '..', 'bench', 'assist', 'corpus.zh-CN.yaml'), 'utf8')) as Corpus;
const packs = ['zh-CN/general.yaml', 'zh-CN/telecom.yaml'].map((file) => loadPackFile(packPath(file)));
/** Punctuation and spaces aside, as a recogniser leaves them out. */
const bare = (text: string) => text.replace(/[\s，。！？、；：,.!?;:“”"'（）()]/g, '');

describe('the live-assist bench corpus', () => {
  for (const pack of packs) {
    const sayable = allSteps(pack).filter((step) => !step.judge);
    const entries = corpus.packs[pack.id] ?? {};
    const variables = { ...pack.variables, ...corpus.values, company: pack.variables.company || corpus.values.company! };

    it(`${pack.id}: every step an agent says has four to six paraphrases, and the corpus names no step the pack lacks`, () => {
      const thin = sayable.filter((step) => !((entries[step.id]?.paraphrased.length ?? 0) >= 4 && entries[step.id]!.paraphrased.length <= 6)).map((step) => step.id);
      expect(thin).toEqual([]);
      expect(Object.keys(entries).filter((id) => !sayable.some((step) => step.id === id))).toEqual([]);
    });

    it(`${pack.id}: a line with "……" has the words the bench says there; no paraphrase is the line as written`, () => {
      const unfilled = sayable.filter((step) => step.line.includes('……') && !entries[step.id]?.fill).map((step) => step.id);
      expect(unfilled).toEqual([]);
      const verbatim = sayable.flatMap((step) =>
        (entries[step.id]?.paraphrased ?? []).filter((said) => bare(said) === bare(fillLine(step.line, variables).replace('……', entries[step.id]?.fill ?? '……'))),
      );
      expect(verbatim).toEqual([]);
    });
  }

  it('has at least 300 unrelated sentences, none repeated, none a step line or a paraphrase', () => {
    expect(corpus.unrelated.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.unrelated).size).toBe(corpus.unrelated.length);
    const stepWords = new Set(
      packs.flatMap((pack) => [
        ...allSteps(pack).map((step) => bare(fillLine(step.line, { ...pack.variables, ...corpus.values }))),
        ...Object.values(corpus.packs[pack.id] ?? {}).flatMap((entry) => entry.paraphrased.map(bare)),
      ]),
    );
    expect(corpus.unrelated.filter((said) => stepWords.has(bare(said)))).toEqual([]);
  });

  it('every sentence is one a feed could deliver: text on one line, within a segment\'s length', () => {
    const sentences = [...corpus.unrelated, ...Object.values(corpus.packs).flatMap((steps) => Object.values(steps).flatMap((entry) => entry.paraphrased))];
    expect(sentences.filter((said) => typeof said !== 'string' || said.trim() === '' || /[\n\r]/.test(said) || said.length > SEGMENT_TEXT_MAX)).toEqual([]);
  });
});
