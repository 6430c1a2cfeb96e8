import type { Plugin } from 'esbuild';

export const reuseTextMeasures: Plugin;
