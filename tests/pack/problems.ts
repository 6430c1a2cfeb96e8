/** The problems the pack loader finds in a pack text, as the formatted lines a person sees (for the pack tests). */
import { expect } from 'vitest';
import { PackError, parsePack } from '../../src/pack/load.js';

export function problems(text: string): string[] {
  try {
    parsePack(text, 'broken.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PackError);
    return (error as PackError).message.split('\n');
  }
  throw new Error('the pack was accepted');
}
