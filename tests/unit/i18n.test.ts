/**
 * Every word Sealmail shows comes from `_locales/en/messages.json`, so that the stores and a
 * translator can work from that one file: no user-facing text left in the pages' markup or in
 * what the content scripts write into the webmail page, every message used, every placeholder
 * numbered the way `i18n.getMessage` fills it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { describeError, ERROR_CODES } from '../../src/core/errors';
import { formatEntry, t, tParts } from '../../src/core/i18n';

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

const catalogue = JSON.parse(readFileSync(new URL('../../src/core/locales/_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, Entry>;
const manifestText = readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const files = [...sources('src'), ...sources('extension-ui')];

/** Attributes whose values are for the code, not for people. */
const TECHNICAL_ATTRIBUTES = new Set(['class', 'id', 'type', 'key', 'name', 'value', 'role', 'rel', 'target', 'href', 'src', 'accept', 'autocomplete', 'viewBox', 'd', 'for', 'aria-labelledby', 'aria-describedby', 'aria-current', 'aria-hidden', 'width', 'height', 'spellcheck']);
/** Properties that put text in front of a person when a content script or page sets them. */
const SHOWN_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel', 'alt']);

/** Text meant for a person: a word of two letters or more, and either a capital letter or a space. */
const looksLikeWords = (text: string) => /[A-Za-z]{2,}/.test(text) && /[A-Z]|\s\S/.test(text.trim()) && !/[{};]/.test(text);

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  return null;
}

/** Where a literal that looks like words reaches a person, as `file:line: text`. */
function shownLiterals(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => found.push(`${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.trim().slice(0, 60)}`);
  /** Whether a literal sits in a JSX child expression or a shown attribute (not a technical one). */
  const inShownJsx = (node: ts.Node): boolean => {
    for (let up = node.parent; up; up = up.parent) {
      if (ts.isJsxAttribute(up)) return !TECHNICAL_ATTRIBUTES.has(up.name.getText(source));
      if (ts.isJsxExpression(up)) return !ts.isJsxAttribute(up.parent);
      if (ts.isCallExpression(up) || ts.isArrowFunction(up) || ts.isFunctionDeclaration(up) || ts.isJsxElement(up) || ts.isJsxSelfClosingElement(up)) return false;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /[A-Za-z]{2,}/.test(node.text)) report(node, node.text);
    const text = literalText(node);
    if (text !== null && looksLikeWords(text)) {
      const parent = node.parent;
      const assigned =
        ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node && ts.isPropertyAccessExpression(parent.left) && SHOWN_PROPERTIES.has(parent.left.name.text);
      const attribute = ts.isJsxAttribute(parent) && !TECHNICAL_ATTRIBUTES.has(parent.name.getText(source));
      if (assigned || attribute || inShownJsx(node)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the message catalogue', () => {
  it('holds every word the pages, the frames and the content scripts show', () => {
    assert.deepEqual(files.flatMap((path) => shownLiterals(path)), []);
  });

  it('finds the literals it is meant to find (the check itself can fail)', () => {
    const text = `const a = <p>Hello there</p>;\nconst b = <Field label="Your name" />;\nconst c = <b>{busy ? 'Opening…' : x}</b>;\nel.textContent = 'Show it';\nconst d = <i class="not words here" />;\nstyle.textContent = ':host { display: block; }';\n`;
    assert.deepEqual(shownLiterals('probe.tsx', text).map((line) => line.split(': ')[1]), ['Hello there', 'Your name', 'Opening…', 'Show it']);
  });

  it('uses every message it holds, and says for each what it is for', () => {
    const code = files.map((path) => readFileSync(path, 'utf8')).join('\n');
    for (const [key, entry] of Object.entries(catalogue)) {
      assert.ok(code.includes(`'${key}'`) || manifestText.includes(`__MSG_${key}__`), `${key} is not used`);
      assert.ok(entry.description && entry.description.length > 3, `${key} has no description for translators`);
    }
  });

  it('numbers each message\'s placeholders $1, $2… in order, each with an example', () => {
    for (const [key, entry] of Object.entries(catalogue)) {
      const named = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) => match[1]!.toLowerCase());
      const declared = Object.keys(entry.placeholders ?? {});
      assert.deepEqual([...new Set(named)].sort(), [...declared].sort(), `${key}: placeholders in the message and declared differ`);
      declared.forEach((name, index) => {
        assert.equal(entry.placeholders![name]!.content, `$${index + 1}`, `${key}.${name}`);
        assert.ok(entry.placeholders![name]!.example, `${key}.${name} has no example`);
      });
    }
  });

  it('fills placeholders as getMessage does, and keeps a literal $', () => {
    assert.equal(t('useKeyFor', 'bob@example.org'), 'Use this key for bob@example.org');
    assert.equal(t('errorRecipientKeyProblem', 'bob@example.org', '1234 5678', t('errorReasonExpired')), 'the key of bob@example.org (1234 5678) has expired');
    assert.equal(formatEntry({ message: 'costs $$5 for $WHO$', placeholders: { who: { content: '$1' } } }, ['Bob']), 'costs $5 for Bob');
    assert.deepEqual(tParts('passwordHintGiven', { hint: true }), ['The mail gives this password hint: ', { hint: true }]);
  });

  it('gives every error code a sentence of its own, with no key name or placeholder left in it', () => {
    const sentences = ERROR_CODES.map((code) => describeError(code, { names: ['Bob'], recipients: [{ address: 'bob@example.org', fingerprint: '', reason: 'missing' }], conflicts: [{ address: 'a@example.org', fingerprint: 'AB'.repeat(20), mine: true }, { address: 'b@example.org', fingerprint: 'CD'.repeat(20), mine: false }] }));
    for (const sentence of sentences) assert.doesNotMatch(sentence, /\$|^error[A-Z]/);
    assert.equal(new Set(sentences).size, sentences.length);
    assert.match(sentences[ERROR_CODES.indexOf('key_conflict')]!, /your own key for a@example\.org \(ABAB ABAB ABAB ABAB\) and a key for b@example\.org/);
  });
});
