/** A team URL as Ringside shows it: never any part of its password, whatever the password holds. */
import { describe, expect, it } from 'vitest';
import { shownUrl } from '../../src/team/url.js';

describe('shownUrl', () => {
  it('shows the user, host and database, and the password as ***, whatever characters the password has', () => {
    expect(shownUrl('postgres://agent:s3cret@db.example:5432/ringside')).toBe('postgres://agent:***@db.example:5432/ringside');
    for (const password of ['pa/ss', 'p#ss', 'p?ss', 'p@ss', 'a:b@c/d?e#f']) {
      const shown = shownUrl(`postgres://agent:${password}@db.example/ringside`);
      expect(shown).toBe('postgres://agent:***@db.example/ringside');
    }
    expect(shownUrl('postgres://db.example/ringside?user=a&password=hunter2&sslmode=require')).toBe('postgres://db.example/ringside?user=a&password=***&sslmode=require');
    expect(shownUrl('postgres://agent@db.example/ringside')).toBe('postgres://agent@db.example/ringside');
  });
});
