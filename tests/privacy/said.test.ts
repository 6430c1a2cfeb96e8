/** A training caller's words on a projector: their data masked where they say it, the rest as said. */
import { expect, it } from 'vitest';
import { shownSaid } from '../../src/privacy.js';
import { nameParts } from '../../src/train/run.js';

it('masks the caller\'s name, its surname said alone, and their number on a projector; the desk hears them whole', () => {
  const zh = ['张先生', ...nameParts('张先生'), '13812345678'];
  expect(shownSaid('projector', '姓张。我的电话是13812345678，找张先生。', zh)).toBe('姓*。我的电话是***********，找***。');
  expect(shownSaid('desk', '姓张。', zh)).toBe('姓张。');
  const en = ['Mr Green', ...nameParts('Mr Green')];
  expect(shownSaid('projector', "It's Green. Tom Green.", en)).toBe("It's *****. Tom *****.");
  // Only what looks like a name gives its parts: a company, a summary or a number does not.
  expect(nameParts('华信公司')).toEqual([]);
  expect(nameParts('Mr Harris: kettle broke after two weeks, shop refused an exchange.')).toEqual([]);
  expect(nameParts('13812345678')).toEqual([]);
});

it('a one-character surname is masked where it stands as a name, never inside an everyday word (下周, 马上)', () => {
  const zhou = ['周女士', ...nameParts('周女士')];
  expect(shownSaid('projector', '我下周去日本，姓周，周女士。', zhou)).toBe('我下周去日本，姓*，***。');
  expect(shownSaid('projector', '周。', zhou)).toBe('*。');
  const ma = ['马先生', ...nameParts('马先生')];
  expect(shownSaid('projector', '马上就到，我是马先生，姓马。', ma)).toBe('马上就到，我是***，姓*。');
  expect(shownSaid('projector', '马经理说的', ['马'])).toBe('*经理说的');
});

