import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeedLine, type FeedLine } from '../../src/assist/feed-shapes.js';
import { SEGMENT_TEXT_MAX, type Segment } from '../../src/assist/segment.js';

const SAMPLES = join(import.meta.dirname, 'samples');

/** Every segment of a sample file, the default speaker given; fails on any line that is a problem. */
function segmentsOf(file: string, speaker: 'agent' | 'caller' = 'caller'): Segment[] {
  const lines = readFileSync(join(SAMPLES, file), 'utf8').split('\n').filter((line) => line.trim() !== '');
  return lines.flatMap((line, i) => {
    const read = readFeedLine(line, { speaker });
    if ('problem' in read) throw new Error(`${file}:${i + 1}: ${read.problem.kind} ${read.problem.detail}`);
    return read.segments;
  });
}

const EXPECTED: Record<string, Segment[]> = {
  'deepgram.jsonl': [
    { speaker: 'agent', text: 'tell me more', final: false, start: 5990, end: 7030, confidence: 0.9982 },
    { speaker: 'agent', text: 'Tell me more about this.', final: true, start: 5990, end: 7970, confidence: 0.99964225 },
    { speaker: 'caller', text: 'I want to speak to a manager', final: true, start: 8200, end: 9700, confidence: 0.97 },
    // One channel ([0, 1]): who spoke is the default.
    { speaker: 'caller', text: 'hello', final: true, start: 500, end: 1700, confidence: 0.91 },
  ],
  'assemblyai.jsonl': [
    { speaker: 'caller', text: 'hi', final: false, start: 1920, end: 2880, confidence: (0.874618 + 0.812831) / 2 },
    { speaker: 'caller', text: 'hi my name is sonny', final: true, start: 1920, end: 3600, confidence: (0.874618 + 0.812831 + 0.903463 + 0.862341 + 0.780122) / 5 },
    { speaker: 'caller', text: 'Hi my name is Sonny.', final: true, start: 1920, end: 3600, confidence: (0.874618 + 0.812831 + 0.903463 + 0.862341 + 0.780122) / 5 },
  ],
  'genesys.jsonl': [
    { speaker: 'agent', text: '您好，很高兴为您服务', final: true, start: 2310, end: 4710, confidence: 0.912 },
    { speaker: 'caller', text: '我要投诉', final: true, start: 5020, end: 6820, confidence: 0.884 },
  ],
  'contact-lens.jsonl': [
    { speaker: 'agent', text: 'Thank you for calling', final: false, start: 1000, end: 2000 },
    { speaker: 'agent', text: 'Thank you for calling, how can I help?', final: true, start: 1000, end: 3400 },
    { speaker: 'caller', text: 'My bill is wrong again.', final: true, start: 3900, end: 5600 },
    { speaker: 'agent', text: 'Is there anything else I can help with?', final: true, start: 61200, end: 63300 },
    // v2 (chat): no offsets; the SYSTEM message is nobody's speech.
    { speaker: 'caller', text: 'Thanks a lot', final: true },
  ],
  'sherpa-onnx.jsonl': [
    { speaker: 'caller', text: '您好', final: false, start: 1200, end: 1680 },
    { speaker: 'caller', text: '您好请问有什么可以帮您', final: true, start: 1200, end: 3200 },
    { speaker: 'caller', text: 'HELLO', final: false, start: 3600, end: 3720 },
    { speaker: 'caller', text: 'HELLO WORLD', final: true },
  ],
  'plain.jsonl': [
    { speaker: 'agent', text: '您好，这里是客服中心，请问有什么可以帮您？', final: true, start: 1200, end: 4100, confidence: 0.93 },
    { speaker: 'caller', text: '我的宽带又断了', final: false, start: 4500 },
    { speaker: 'caller', text: '我的宽带又断了，你们能不能快点修', final: true, start: 4500, end: 7300 },
    // No speaker and no final: the default speaker, final.
    { speaker: 'caller', text: '嗯 好的 稍等', final: true },
  ],
};

describe('the recorded samples of each engine', () => {
  it('has an expectation for every sample file', () => {
    const files = readdirSync(SAMPLES).filter((file) => file.endsWith('.jsonl')).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`reads ${file} as the speech it carries, its other messages giving nothing`, () => {
      const segments = segmentsOf(file);
      expect(segments.length).toBe(expected.length);
      segments.forEach((segment, i) => {
        const want = expected[i]!;
        expect({ ...segment, confidence: undefined }).toEqual({ ...want, confidence: undefined });
        if (want.confidence === undefined) expect(segment.confidence).toBeUndefined();
        else expect(segment.confidence).toBeCloseTo(want.confidence, 6);
      });
    });
  }

  it('gives the desk’s default speaker to a shape that does not say who spoke', () => {
    expect(segmentsOf('assemblyai.jsonl', 'agent').every((s) => s.speaker === 'agent')).toBe(true);
    expect(segmentsOf('sherpa-onnx.jsonl', 'agent').every((s) => s.speaker === 'agent')).toBe(true);
  });
});

function problemOf(read: FeedLine) {
  if (!('problem' in read)) throw new Error(`expected a problem, got ${JSON.stringify(read)}`);
  return read.problem;
}

function segments(read: FeedLine): Segment[] {
  if ('problem' in read) throw new Error(`expected segments, got ${read.problem.kind}: ${read.problem.detail}`);
  return read.segments;
}

const agent = { speaker: 'agent' as const };

describe('readFeedLine', () => {
  it('lets a top-level "speaker" say who spoke over what the shape says', () => {
    const deepgram = JSON.parse(readFileSync(join(SAMPLES, 'deepgram.jsonl'), 'utf8').split('\n')[3]!);
    expect(segments(readFeedLine(JSON.stringify({ ...deepgram, speaker: 'caller' }), agent))[0]!.speaker).toBe('caller');
    const genesys = JSON.parse(readFileSync(join(SAMPLES, 'genesys.jsonl'), 'utf8').split('\n')[2]!);
    expect(segments(readFeedLine(JSON.stringify({ ...genesys, speaker: 'agent' }), { speaker: 'caller' })).map((s) => s.speaker)).toEqual(['agent', 'agent']);
    expect(segments(readFeedLine('{"text":"好的","speaker":"caller"}', agent))[0]!.speaker).toBe('caller');
  });

  it('says a line that is not JSON is not JSON, without quoting it', () => {
    const problem = problemOf(readFeedLine('我的身份证号是 110101199003077777', agent));
    expect(problem.kind).toBe('notJson');
    expect(problem.detail).not.toContain('110101');
    expect(problemOf(readFeedLine('{"text":"半行', agent)).kind).toBe('notJson');
  });

  it('says JSON of no known shape is of no known shape, naming none of its keys or values', () => {
    for (const line of ['[1,2]', '"我的密码是 1234"', '42', 'null', '{"我的密码":"1234"}', '{"type":"Unknown","transcript":"x"}', '{"topicName":"v2.users.1.presence","eventBody":{}}']) {
      const problem = problemOf(readFeedLine(line, agent));
      expect(problem.kind).toBe('unknownShape');
      expect(problem.detail).not.toMatch(/密码|1234|transcript/);
    }
  });

  it('says which field of a known shape has the wrong type, never the text', () => {
    const cases: [string, RegExp][] = [
      ['{"text":123}', /plain: text is not a string/],
      ['{"text":"机密内容","final":"yes"}', /plain: final is not true or false/],
      ['{"text":"机密内容","start":-5}', /plain: start is not a time/],
      ['{"text":"机密内容","confidence":7}', /plain: confidence is not a number from 0 to 1/],
      ['{"text":"机密内容","speaker":"boss"}', /plain: speaker is not "agent" or "caller"/],
      ['{"type":"Results","channel":{"alternatives":[{"transcript":"机密内容"}]},"is_final":1}', /Deepgram Results: is_final/],
      ['{"type":"Results","channel":{"alternatives":"机密内容"}}', /Deepgram Results: channel.alternatives is not a list/],
      ['{"type":"Results","channel_index":"0","channel":{"alternatives":[{"transcript":"机密内容"}]}}', /channel_index/],
      ['{"type":"Turn","transcript":"机密内容","words":[{"start":"1"}]}', /AssemblyAI Turn: words\[0\].start is not a time/],
      ['{"type":"Turn","transcript":["机密内容"]}', /AssemblyAI Turn: transcript is not a string/],
      ['{"topicName":"v2.conversations.1.transcription","eventBody":{"transcripts":[{"alternatives":[{"transcript":"机密内容","offsetMs":"x"}]}]}}', /Genesys transcription: eventBody.transcripts\[0\].alternatives\[0\].offsetMs/],
      ['{"topicName":"v2.conversations.1.transcription"}', /Genesys transcription: eventBody is missing/],
      ['{"Segments":{"Transcript":{"Content":"机密内容"}}}', /Contact Lens segments: Segments is not a list/],
      ['{"Segments":[{"Transcript":{"Content":5,"ParticipantRole":"AGENT"}}]}', /Segments\[0\].Transcript.Content is not a string/],
      ['{"text":"机密内容","is_final":true,"timestamps":[0.1,"x"]}', /sherpa-onnx result: timestamps/],
    ];
    for (const [line, detail] of cases) {
      const problem = problemOf(readFeedLine(line, agent));
      expect(problem.kind, line).toBe('badField');
      expect(problem.detail, line).toMatch(detail);
      expect(problem.detail).not.toContain('机密');
    }
  });

  it('keeps a segment’s text on one line, without controls, trimmed and cut to SEGMENT_TEXT_MAX whole characters', () => {
    const read = segments(readFeedLine(JSON.stringify({ text: '  您好\u001b[2J\u0007，\n请问\u202e有什么\t可以帮您  ' }), agent));
    // Without its escape the rest of a sequence is only characters: the terminal cannot act on them.
    expect(read[0]!.text).toBe('您好 [2J ， 请问 有什么 可以帮您');
    const long = segments(readFeedLine(JSON.stringify({ text: '😀'.repeat(SEGMENT_TEXT_MAX + 20) }), agent))[0]!.text;
    expect([...long]).toHaveLength(SEGMENT_TEXT_MAX);
    expect(long).toBe('😀'.repeat(SEGMENT_TEXT_MAX));
  });

  it('gives no segment for text that is empty once cleaned, and no problem either', () => {
    expect(readFeedLine('{"text":" \\u0007 "}', agent)).toEqual({ segments: [] });
    expect(readFeedLine('{"type":"Results","channel":{"alternatives":[]}}', agent)).toEqual({ segments: [] });
  });
});
