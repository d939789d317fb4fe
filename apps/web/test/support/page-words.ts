// What a person reads on a page, checked for what they should never read: a raw
// code the dictionary has words for (or a programme's milestone / payment group
// code), an id where a name belongs, and a page wider than the screen.
import type { Page } from 'playwright-core';

export interface ReadingProblem {
  page: string;
  problem: string;
}

/** Every visible text node under <body>, as written (not CSS-uppercased), plus option labels. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text) continue;
      if (parent.closest('script, style, noscript, template')) continue;
      // Options of a closed <select> are not "visible" to checkVisibility, but people read them.
      if (!parent.closest('option') && !parent.checkVisibility() && !parent.closest('.sr-only'))
        continue;
      texts.push(text);
    }
    return texts;
  });
}

/** Words shaped like a code: SHOUTED_SNAKE_CASE, or an audit action's dotted `record.verb` (the dictionary's CODE_SHAPE). */
const RAW_CODE = /\b[A-Z][A-Z0-9_]+\b|\b[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\b/g;

/** Codes shown raw: whole code-shaped words (RAW_CODE) that are in `codes`. */
export function rawCodesIn(texts: string[], codes: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const text of texts)
    for (const word of text.match(RAW_CODE) ?? []) if (codes.has(word)) found.add(word);
  return [...found];
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

/** Ids where a name belongs: a whole UUID, or the 8-character head of a known person's or organisation's id ("user de300001"). */
export function idsIn(texts: string[], idHeads: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    const uuid = UUID.exec(text);
    if (uuid) found.add(uuid[0]);
    for (const word of text.match(/\b[0-9a-f]{8}\b/g) ?? []) if (idHeads.has(word)) found.add(word);
  }
  return [...found];
}

/** How far the page scrolls sideways at the current viewport (0 = not at all). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) -
      document.documentElement.clientWidth,
  );
}
