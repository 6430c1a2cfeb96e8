/**
 * One line of a transcript feed read as segments of speech, whatever engine wrote it. Pure: the
 * feed (src/assist/feed.ts) hands each line here and passes on what comes back.
 *
 * The shapes read (samples of each, with where they were copied from, in tests/assist/samples/):
 *  - plain, Ringside's own: {"speaker":"agent"|"caller","text":…,"final":…,"start":ms,"end":ms,"confidence":0..1};
 *    only `text` is needed. A line that does not say `final` is final: the simplest writer
 *    (`echo '{"text":"…"}' >> feed`) writes what was said, and partials are something an engine
 *    opts into by saying `"final": false`. sherpa-onnx's Python streaming server writes
 *    {"segment":n,"text":…,"final":…}, which reads as this shape.
 *  - Deepgram live `Results` (start and duration in seconds; of two channels or more, channel 0 is
 *    the agent and 1 the caller);
 *  - AssemblyAI streaming v3 `Turn` (final at `end_of_turn`; word times in ms);
 *  - Genesys Cloud transcription notifications (topic v2.conversations.{id}.transcription; the
 *    INTERNAL channel is the agent, EXTERNAL the caller);
 *  - Amazon Connect Contact Lens real-time segments: the segment stream's SEGMENTS events (an
 *    `Utterance` is partial, a `Transcript` final), and the ListRealtimeContactAnalysisSegments
 *    responses, v1 (offsets in ms) and v2 (an absolute time only, so no start or end);
 *  - sherpa-onnx's C++ result JSON (text, is_final, start_time in seconds, timestamps in seconds
 *    from start_time).
 *
 * Every shape may carry a top-level "speaker" ("agent" or "caller") that says who spoke, over
 * what the shape itself says; a shape that does not say uses `options.speaker`. The messages an
 * engine sends besides speech (Deepgram's Metadata, AssemblyAI's Begin, a Genesys heartbeat, a
 * Contact Lens STARTED event, …) give no segment and no problem.
 *
 * A line that is not JSON, JSON of no known shape, or a known shape with a field of the wrong
 * type is a problem: its kind and a detail that names the shape and the field, never the text (a
 * notice must not show what a caller said).
 */
import { CONTROL_CHARACTERS } from '../controls.js';
import { SEGMENT_TEXT_MAX, type Segment, type Speaker } from './segment.js';

export type FeedProblemKind = 'notJson' | 'unknownShape' | 'badField';

export interface FeedProblem {
  readonly kind: FeedProblemKind;
  /** The shape and the field, in a few words of the interface's own (JSON keys): never any text of the line. */
  readonly detail: string;
}

export type FeedLine = { readonly segments: Segment[] } | { readonly problem: FeedProblem };

export interface FeedLineOptions {
  /** Who speaks in a shape that does not say. */
  readonly speaker: Speaker;
}

type Json = Record<string, unknown>;

/** A field of the wrong type, thrown inside a shape's reader and returned as the line's problem. */
class BadField extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

const NONE: FeedLine = Object.freeze({ segments: [] });

export function readFeedLine(line: string, options: FeedLineOptions): FeedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // The parser's message quotes the line: only the kind is told.
    return { problem: { kind: 'notJson', detail: 'not JSON' } };
  }
  if (!isObject(value)) return { problem: { kind: 'unknownShape', detail: Array.isArray(value) ? 'a JSON array' : `a JSON ${value === null ? 'null' : typeof value}` } };
  const shape = shapeOf(value);
  if (!shape) return { problem: { kind: 'unknownShape', detail: 'a JSON object of no known shape' } };
  try {
    const speaker = speakerField(value, shape.name);
    const segments = shape.read(value, speaker ?? options.speaker, speaker !== undefined);
    return segments.length === 0 ? NONE : { segments };
  } catch (error) {
    if (error instanceof BadField) return { problem: { kind: 'badField', detail: error.detail } };
    throw error;
  }
}

/**
 * Who spoke, read from one of an engine's own labels; `fallback` when the label says neither.
 * `forced`: the line's top-level "speaker" said, and it wins over the label.
 */
type ShapeReader = (value: Json, fallback: Speaker, forced: boolean) => Segment[];

interface Shape {
  readonly name: string;
  readonly read: ShapeReader;
}

const IGNORED_DEEPGRAM = new Set(['Metadata', 'SpeechStarted', 'UtteranceEnd', 'Finalize', 'CloseStream', 'KeepAlive']);
const IGNORED_ASSEMBLYAI = new Set(['Begin', 'Termination', 'SpeechStarted']);
const GENESYS_TRANSCRIPTION = /^v2\.conversations\.[^.]+\.transcription$/;
const CONTACT_LENS_EVENTS = new Set(['STARTED', 'COMPLETED', 'FAILED']);

/** Which engine wrote the line, from the keys that name it; null: none known. */
function shapeOf(value: Json): Shape | null {
  const type = value.type;
  if (type === 'Results') return { name: 'Deepgram Results', read: readDeepgram };
  if (type === 'Turn') return { name: 'AssemblyAI Turn', read: readAssemblyAi };
  if (typeof type === 'string' && (IGNORED_DEEPGRAM.has(type) || IGNORED_ASSEMBLYAI.has(type))) return { name: type, read: () => [] };
  if (typeof value.topicName === 'string') {
    if (GENESYS_TRANSCRIPTION.test(value.topicName)) return { name: 'Genesys transcription', read: readGenesys };
    // The notification channel's heartbeat and its other messages.
    if (value.topicName === 'channel.metadata') return { name: 'Genesys channel.metadata', read: () => [] };
    return null;
  }
  if ('Segments' in value) return { name: 'Contact Lens segments', read: readContactLens };
  if (typeof value.EventType === 'string' && CONTACT_LENS_EVENTS.has(value.EventType) && 'ContactId' in value) return { name: 'Contact Lens event', read: () => [] };
  if ('text' in value) {
    if ('is_final' in value || 'start_time' in value || 'timestamps' in value) return { name: 'sherpa-onnx result', read: readSherpa };
    return { name: 'plain', read: readPlain };
  }
  return null;
}

/** A plain line names its speaker with the key that overrides any shape's: `speaker` is already it. */
function readPlain(value: Json, speaker: Speaker): Segment[] {
  const where = 'plain';
  const text = stringField(value, 'text', where);
  const final = optionalBoolean(value, 'final', where) ?? true;
  const start = optionalTime(value, 'start', where, 1);
  const end = optionalTime(value, 'end', where, 1);
  const confidence = optionalConfidence(value, 'confidence', where);
  return segmentOf({ speaker, text, final, start, end, confidence });
}

/**
 * Deepgram's live `Results`: https://developers.deepgram.com/docs/live-streaming-audio. Without
 * interim results every result is final and says so; one that does not say is taken as final.
 */
function readDeepgram(value: Json, fallback: Speaker, forced: boolean): Segment[] {
  const where = 'Deepgram Results';
  const channel = objectField(value, 'channel', where);
  const alternatives = arrayField(channel, 'alternatives', where, 'channel.alternatives');
  const best = alternatives[0];
  if (best === undefined) return [];
  if (!isObject(best)) throw new BadField(`${where}: channel.alternatives[0] is not an object`);
  const text = stringField(best, 'transcript', where, 'channel.alternatives[0].transcript');
  const confidence = optionalConfidence(best, 'confidence', where, 'channel.alternatives[0].confidence');
  const final = optionalBoolean(value, 'is_final', where) ?? true;
  const start = optionalTime(value, 'start', where, 1000);
  const duration = optionalTime(value, 'duration', where, 1000);
  let speaker = fallback;
  if (!forced && value.channel_index !== undefined) {
    const index = value.channel_index;
    if (!Array.isArray(index) || !index.every((n) => Number.isInteger(n) && n >= 0)) throw new BadField(`${where}: channel_index is not a list of channel numbers`);
    // [channel, channels]. A call sent as two channels: the agent's microphone first, the line
    // second. One channel ([0, 1]) says nothing of who spoke.
    const [channelNumber, channels] = index as number[];
    if (channels !== undefined && channels >= 2) {
      if (channelNumber === 0) speaker = 'agent';
      else if (channelNumber === 1) speaker = 'caller';
    }
  }
  return segmentOf({ speaker, text, final, start, end: start !== undefined && duration !== undefined ? start + duration : undefined, confidence });
}

/** AssemblyAI's streaming v3 `Turn`: https://www.assemblyai.com/docs/streaming/message-sequence. One channel: the speaker is the fallback. */
function readAssemblyAi(value: Json, speaker: Speaker): Segment[] {
  const where = 'AssemblyAI Turn';
  const text = stringField(value, 'transcript', where);
  const final = optionalBoolean(value, 'end_of_turn', where) ?? false;
  let start: number | undefined;
  let end: number | undefined;
  let confidence: number | undefined;
  if (value.words !== undefined) {
    const words = arrayField(value, 'words', where);
    const confidences: number[] = [];
    words.forEach((word, i) => {
      if (!isObject(word)) throw new BadField(`${where}: words[${i}] is not an object`);
      const wordStart = optionalTime(word, 'start', where, 1, `words[${i}].start`);
      const wordEnd = optionalTime(word, 'end', where, 1, `words[${i}].end`);
      const wordConfidence = optionalConfidence(word, 'confidence', where, `words[${i}].confidence`);
      if (i === 0) start = wordStart;
      if (i === words.length - 1) end = wordEnd;
      if (wordConfidence !== undefined) confidences.push(wordConfidence);
    });
    if (confidences.length > 0 && confidences.length === words.length) confidence = confidences.reduce((a, b) => a + b, 0) / confidences.length;
  }
  return segmentOf({ speaker, text, final, start, end, confidence });
}

/**
 * Genesys Cloud's transcription notification:
 * https://developer.genesys.cloud/analyticsdatamanagement/speechtextanalytics/transcription-notifications.
 * A message may carry several transcripts (each a segment); one that does not say isFinal is final.
 */
function readGenesys(value: Json, fallback: Speaker, forced: boolean): Segment[] {
  const where = 'Genesys transcription';
  const body = objectField(value, 'eventBody', where);
  // The session's status messages carry no transcripts.
  if (body.transcripts === undefined) return [];
  const transcripts = arrayField(body, 'transcripts', where, 'eventBody.transcripts');
  const segments: Segment[] = [];
  transcripts.forEach((transcript, i) => {
    const at = `eventBody.transcripts[${i}]`;
    if (!isObject(transcript)) throw new BadField(`${where}: ${at} is not an object`);
    const alternatives = arrayField(transcript, 'alternatives', where, `${at}.alternatives`);
    const best = alternatives[0];
    if (best === undefined) return;
    if (!isObject(best)) throw new BadField(`${where}: ${at}.alternatives[0] is not an object`);
    const text = stringField(best, 'transcript', where, `${at}.alternatives[0].transcript`);
    const final = optionalBoolean(transcript, 'isFinal', where, `${at}.isFinal`) ?? true;
    const start = optionalTime(best, 'offsetMs', where, 1, `${at}.alternatives[0].offsetMs`);
    const duration = optionalTime(best, 'durationMs', where, 1, `${at}.alternatives[0].durationMs`);
    const confidence = optionalConfidence(best, 'confidence', where, `${at}.alternatives[0].confidence`);
    const channel = optionalString(transcript, 'channel', where, `${at}.channel`);
    // INTERNAL: the agent's side of the call; EXTERNAL: the customer's. UNKNOWN or BOTH: the fallback.
    const speaker = forced ? fallback : channel === 'INTERNAL' ? 'agent' : channel === 'EXTERNAL' ? 'caller' : fallback;
    segments.push(...segmentOf({ speaker, text, final, start, end: start !== undefined && duration !== undefined ? start + duration : undefined, confidence }));
  });
  return segments;
}

/**
 * Amazon Connect Contact Lens: the real-time segment stream's events
 * (https://docs.aws.amazon.com/connect/latest/adminguide/real-time-contact-analysis-segment-streams-data-model.html)
 * and the ListRealtimeContactAnalysisSegments responses (v1 and v2). A segment of another kind
 * (Categories, Issues, a summary) gives nothing; so does a participant who is neither the agent
 * nor the customer (the system, a bot, a supervisor).
 */
function readContactLens(value: Json, fallback: Speaker, forced: boolean): Segment[] {
  const where = 'Contact Lens segments';
  const list = arrayField(value, 'Segments', where);
  const segments: Segment[] = [];
  list.forEach((item, i) => {
    const at = `Segments[${i}]`;
    if (!isObject(item)) throw new BadField(`${where}: ${at} is not an object`);
    const transcript = item.Transcript ?? item.Utterance;
    if (transcript === undefined) return;
    const kind = item.Transcript !== undefined ? 'Transcript' : 'Utterance';
    if (!isObject(transcript)) throw new BadField(`${where}: ${at}.${kind} is not an object`);
    const final = kind === 'Transcript';
    const text = stringField(transcript, final ? 'Content' : 'PartialContent', where, `${at}.${kind}.${final ? 'Content' : 'PartialContent'}`);
    const role = optionalString(transcript, 'ParticipantRole', where, `${at}.${kind}.ParticipantRole`);
    const start = optionalTime(transcript, 'BeginOffsetMillis', where, 1, `${at}.${kind}.BeginOffsetMillis`);
    const end = optionalTime(transcript, 'EndOffsetMillis', where, 1, `${at}.${kind}.EndOffsetMillis`);
    let speaker: Speaker;
    if (forced) speaker = fallback;
    else if (role === 'AGENT') speaker = 'agent';
    else if (role === 'CUSTOMER') speaker = 'caller';
    else if (role === undefined) speaker = fallback;
    else return;
    segments.push(...segmentOf({ speaker, text, final, start, end }));
  });
  return segments;
}

/**
 * sherpa-onnx's OnlineRecognizerResult as JSON (sherpa-onnx/csrc/online-recognizer.cc,
 * AsJsonString): start_time in seconds, timestamps in seconds from it, one per token. Some
 * versions write the timestamps as a string; they are then left unread. One channel: the
 * speaker is the fallback.
 */
function readSherpa(value: Json, speaker: Speaker): Segment[] {
  const where = 'sherpa-onnx result';
  const text = stringField(value, 'text', where);
  const final = optionalBoolean(value, 'is_final', where) ?? optionalBoolean(value, 'final', where) ?? true;
  const start = optionalTime(value, 'start_time', where, 1000);
  let end: number | undefined;
  const timestamps = value.timestamps;
  if (Array.isArray(timestamps)) {
    if (!timestamps.every((t) => typeof t === 'number' && Number.isFinite(t) && t >= 0)) throw new BadField(`${where}: timestamps is not a list of times`);
    const last = timestamps[timestamps.length - 1] as number | undefined;
    if (last !== undefined && start !== undefined) end = start + last * 1000;
  } else if (timestamps !== undefined && typeof timestamps !== 'string') throw new BadField(`${where}: timestamps is not a list of times`);
  return segmentOf({ speaker, text, final, start, end });
}

const SPACES = /\s+/gu;

/**
 * What was heard as a segment's text: controls (a terminal would act on them) and line breaks
 * made spaces, runs of space made one, trimmed, and cut to SEGMENT_TEXT_MAX characters (whole
 * characters: an emoji is not split). Empty: nothing was heard.
 */
export function speechText(text: string): string {
  const clean = text.replace(CONTROL_CHARACTERS, ' ').replace(SPACES, ' ').trim();
  if (clean.length <= SEGMENT_TEXT_MAX) return clean;
  let cut = '';
  let count = 0;
  for (const character of clean) {
    if (count === SEGMENT_TEXT_MAX) break;
    cut += character;
    count += 1;
  }
  return cut.trimEnd();
}

function segmentOf(parts: { speaker: Speaker; text: string; final: boolean; start?: number; end?: number; confidence?: number }): Segment[] {
  const text = speechText(parts.text);
  if (text === '') return [];
  const segment: Segment = { speaker: parts.speaker, text, final: parts.final };
  if (parts.start !== undefined) segment.start = parts.start;
  if (parts.end !== undefined) segment.end = parts.end;
  if (parts.confidence !== undefined) segment.confidence = parts.confidence;
  return [segment];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top-level "speaker" that overrides whatever the shape says; undefined when the line does not say. */
function speakerField(value: Json, where: string): Speaker | undefined {
  const speaker = value.speaker;
  if (speaker === undefined) return undefined;
  if (speaker === 'agent' || speaker === 'caller') return speaker;
  throw new BadField(`${where}: speaker is not "agent" or "caller"`);
}

function stringField(value: Json, key: string, where: string, path = key): string {
  const field = value[key];
  if (typeof field !== 'string') throw new BadField(`${where}: ${path} is ${field === undefined ? 'missing' : 'not a string'}`);
  return field;
}

function optionalString(value: Json, key: string, where: string, path = key): string | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (typeof field !== 'string') throw new BadField(`${where}: ${path} is not a string`);
  return field;
}

function optionalBoolean(value: Json, key: string, where: string, path = key): boolean | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (typeof field !== 'boolean') throw new BadField(`${where}: ${path} is not true or false`);
  return field;
}

/** A time or a duration, as ms (`scale` 1000 for seconds), rounded to the ms. */
function optionalTime(value: Json, key: string, where: string, scale: number, path = key): number | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) throw new BadField(`${where}: ${path} is not a time`);
  return Math.round(field * scale);
}

function optionalConfidence(value: Json, key: string, where: string, path = key): number | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (typeof field !== 'number' || !(field >= 0 && field <= 1)) throw new BadField(`${where}: ${path} is not a number from 0 to 1`);
  return field;
}

function objectField(value: Json, key: string, where: string, path = key): Json {
  const field = value[key];
  if (!isObject(field)) throw new BadField(`${where}: ${path} is ${field === undefined ? 'missing' : 'not an object'}`);
  return field;
}

function arrayField(value: Json, key: string, where: string, path = key): unknown[] {
  const field = value[key];
  if (!Array.isArray(field)) throw new BadField(`${where}: ${path} is ${field === undefined ? 'missing' : 'not a list'}`);
  return field;
}
