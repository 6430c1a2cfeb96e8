/**
 * The built-in packs ship compiled (dist/builtin-packs.json, written by build.mjs): the live
 * screen starts on one without parsing YAML. They must be exactly what the YAML files say, and a
 * built-in file edited, added or removed since the build must be read from its YAML, never from
 * the stale copy. (`npm test` builds first.)
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPackDir, builtinPackFiles, compiledPacks, COMPILED_NAME, type CompiledPacks } from '../../src/pack/builtin.js';
import { loadPackFile } from '../../src/pack/load.js';
import { tempDir } from '../helpers.js';

const compiledFile = join(__dirname, '..', '..', 'dist', COMPILED_NAME);
const compiled = () => JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledPacks;

describe('the built-in packs as compiled', () => {
  it('are every built-in pack file, each deep-equal to a fresh load of its YAML', () => {
    const dir = builtinPackDir();
    const files = builtinPackFiles(dir).files;
    expect(compiled().packs.map((entry) => entry.file)).toEqual(files.map((file) => relative(dir, file)));
    for (const entry of compiled().packs) expect(entry.value, entry.file).toStrictEqual(loadPackFile(join(dir, entry.file)));
  });

  it('are used only while the folder holds what was compiled: an edited, added or removed pack file is read from its YAML', () => {
    const dir = tempDir();
    try {
      const copy = join(dir.path, 'scripts');
      const json = join(dir.path, COMPILED_NAME);
      copyFileSync(compiledFile, json);
      for (const entry of compiled().packs) {
        mkdirSync(join(copy, entry.file, '..'), { recursive: true });
        copyFileSync(join(builtinPackDir(), entry.file), join(copy, entry.file));
      }
      expect(compiledPacks(json, copy)!.map((pack) => pack.id)).toEqual(compiled().packs.map((entry) => entry.value.id));

      const general = join(copy, 'zh-CN', 'general.yaml');
      const text = readFileSync(general, 'utf8');
      writeFileSync(general, text.replace(/^name: .*$/m, 'name: 改过的热线'));
      expect(compiledPacks(json, copy)).toBeNull();
      writeFileSync(general, text);
      expect(compiledPacks(json, copy)).not.toBeNull();

      writeFileSync(join(copy, 'zh-CN', 'new.yaml'), text.replace(/^id: .*$/m, 'id: zh-CN-new'));
      expect(compiledPacks(json, copy)).toBeNull();
      rmSync(join(copy, 'zh-CN', 'new.yaml'));
      rmSync(general);
      expect(compiledPacks(json, copy)).toBeNull();
      // The scenarios beside the packs are not packs.
      writeFileSync(general, text);
      mkdirSync(join(copy, 'scenarios'));
      writeFileSync(join(copy, 'scenarios', 'drill.yaml'), 'id: drill\n');
      expect(compiledPacks(json, copy)).not.toBeNull();
      // No compiled file (running from the sources), or one that is not JSON: read from the YAML.
      expect(compiledPacks(join(dir.path, 'none.json'), copy)).toBeNull();
      writeFileSync(json, '{"packs": [');
      expect(compiledPacks(json, copy)).toBeNull();
    } finally {
      dir.remove();
    }
  });
});
