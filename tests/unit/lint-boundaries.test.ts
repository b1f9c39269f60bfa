/** The context boundaries of the architecture are enforced by lint, not by review. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('lint: execution-context boundaries', () => {
  const refused: Array<[string, string, string]> = [
    ['src/core/leak.ts', "import browser from 'webextension-polyfill';\nexport const b = browser;\n", 'no-restricted-imports'],
    ['src/core/leak.ts', "export const title = document.title;\n", 'no-restricted-globals'],
    ['src/core/leak.ts', "import { x } from '../background/keyring';\nexport const y = x;\n", 'no-restricted-imports'],
    ['src/content/leak.ts', "import * as openpgp from 'openpgp';\nexport const o = openpgp;\n", 'no-restricted-imports'],
    ['src/content/leak.ts', "import { seal } from '../core/seal';\nexport const s = seal;\n", 'no-restricted-imports'],
    ['src/content/leak.ts', "import { x } from '../background/keyring';\nexport const y = x;\n", 'no-restricted-imports'],
    ['src/background/leak.ts', "import { x } from '../content/compose';\nexport const y = x;\n", 'no-restricted-imports'],
    ['extension-ui/pages/leak.ts', "import { x } from '../../src/background/keyring';\nexport const y = x;\n", 'no-restricted-imports'],
  ];
  for (const [file, code, rule] of refused) {
    it(`refuses in ${file}: ${code.split('\n')[0]}`, async () => {
      assert.ok((await ruleIds(file, code)).includes(rule));
    });
  }

  const allowed: Array<[string, string]> = [
    ['src/content/ok.ts', "import { findArmorBlocks } from '../core/armor';\nexport const f = findArmorBlocks;\n"],
    ['src/background/ok.ts', "import { seal } from '../core/index';\nexport const s = seal;\n"],
    ['extension-ui/pages/ok.ts', "import { describeError } from '../../src/core/errors';\nexport const d = describeError;\n"],
  ];
  for (const [file, code] of allowed) {
    it(`allows in ${file}: ${code.split('\n')[0]}`, async () => {
      assert.deepEqual(await ruleIds(file, code), []);
    });
  }
});
