/**
 * Run before each test file (vitest's setupFiles). Files share their worker's modules
 * (`isolate: false` in vitest.config.ts: loading the modules again for each file cost a third of
 * the run), so what a file sets for itself is set back here: the language sentences are said in
 * (a file on an English desk calls `speak('en')`), as a fresh command line starts.
 */
import { DEFAULT_LANGUAGE, speak } from '../../src/language.js';

speak(DEFAULT_LANGUAGE);
