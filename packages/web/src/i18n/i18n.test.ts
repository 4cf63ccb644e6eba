import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { initialLocale } from './i18n.ts';
import { zh } from './zh.ts';

/** Every key path of a message tree: `discovery.map`, `errors.csrf`… */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

/** The app's source files (not tests). */
function sources(folder = path.join(import.meta.dirname, '..')): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [file] : [];
  });
}

describe('the web app’s text', () => {
  it('has every key in both languages, and no empty text', () => {
    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort());
    for (const tree of [zh, en])
      for (const key of keysOf(tree)) {
        const text = key
          .split('.')
          .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], tree);
        expect({ key, text }).not.toMatchObject({ text: '' });
      }
  });

  it('names only keys that exist, wherever the code calls t("…")', () => {
    const known = new Set(keysOf(en).map((key) => key.replace(/_(one|other)$/, '')));
    const used = new Set<string>();
    for (const file of sources()) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g))
        used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });

  it('has no Chinese written into the components: all of it comes from the messages', () => {
    const offenders = sources()
      .filter((file) => /\.tsx$/.test(file))
      .filter((file) => /[\u4e00-\u9fff]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('initialLocale', () => {
  it('prefers the choice remembered on this browser, then the browser’s languages, then Chinese', () => {
    expect(initialLocale('en', ['zh-CN'])).toBe('en');
    expect(initialLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(initialLocale(null, ['fr'])).toBe('zh-CN');
    expect(initialLocale('klingon', [])).toBe('zh-CN');
  });
});
