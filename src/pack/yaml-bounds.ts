/**
 * Bounds on what a pack's YAML may cost to read, said where the file passes them. Within the 1 MB
 * a file may be, YAML can still cost seconds or more: a quarter of a million list items, brackets
 * nested a million deep (the parser's stack runs out), tens of thousands of aliases (resolving
 * them is quadratic), or an alias bomb (aliases of aliases, each doubling the document).
 */
import { CST, isAlias, isCollection, isPair, Lexer, visit, type Alias, type Document } from 'yaml';
import { formatNumber, said, type Words } from '../language.js';

const WORDS: Words<{ tokens: () => string; brackets: () => string; aliases: () => string; circle: (name: string) => string; copies: (name: string) => string }> = {
  'zh-CN': {
    tokens: () => `文件到这里已超过 ${formatNumber('zh-CN', YAML_LIMITS.tokens)} 个 YAML 记号（键、值、标点、空格），这是一个文件最多能有的；内置话术包不到 ${formatNumber('zh-CN', 5_000)} 个。是不是选错了文件？`,
    brackets: () => `括号嵌套超过 ${YAML_LIMITS.flowDepth} 层；话术包最多只需几层`,
    aliases: () => `一个文件里有超过 ${YAML_LIMITS.aliases} 个别名（*name）；请把值直接写出来`,
    circle: (name) => `别名 *${name} 在它所指的值里面，绕成了一圈；请把值直接写出来`,
    copies: (name) => `别名 *${name} 复制出太多份（别名套别名：超过 ${YAML_LIMITS.aliasCopies} 份，按 YAML 读取器的算法计）；请把值直接写出来`,
  },
  en: {
    tokens: () => `the file goes on past ${formatNumber('en', YAML_LIMITS.tokens)} YAML tokens (keys, values, punctuation, spaces) here, and that is all a file may have; the built-in packs have under ${formatNumber('en', 5_000)}. Is this the right file?`,
    brackets: () => `brackets nested more than ${YAML_LIMITS.flowDepth} deep; a pack needs a few at most`,
    aliases: () => `more than ${YAML_LIMITS.aliases} aliases (*name) in one file; write the values out instead`,
    circle: (name) => `the alias *${name} is inside the value it names, which makes a circle; write the value out instead`,
    copies: (name) => `the alias *${name} makes too many copies (aliases of aliases: more than ${YAML_LIMITS.aliasCopies}, counted as the YAML loader counts them); write the values out instead`,
  },
};

export const YAML_LIMITS = {
  /** The lexer's tokens (keys, values, punctuation, spaces): the built-in packs have under 5,000. */
  tokens: 20_000,
  /** Flow brackets ([ and {) open inside each other. */
  flowDepth: 32,
  /** Aliases (*name) in one file. */
  aliases: 100,
  /** The yaml library's guard against alias bombs (its maxAliasCount, here at its default). */
  aliasCopies: 100,
} as const;

// Marks the lexer adds to its tokens that are not in the text.
const MARKS = new Set(['doc-mode', 'flow-error-end', 'scalar']);

/**
 * The first place (an offset in `text`) where the YAML passes a bound, and what it passes. Only
 * the lexer runs, and it stops there: a file that is all brackets costs no more than a good pack.
 */
export function costlyYaml(text: string): { offset: number; message: string } | null {
  let tokens = 0;
  let depth = 0;
  let aliases = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type !== null && MARKS.has(type)) continue;
    if (++tokens > YAML_LIMITS.tokens) {
      return { offset, message: said(WORDS).tokens() };
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++depth > YAML_LIMITS.flowDepth) return { offset, message: said(WORDS).brackets() };
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
      depth = Math.max(0, depth - 1);
    } else if (type === 'alias' && ++aliases > YAML_LIMITS.aliases) {
      return { offset, message: said(WORDS).aliases() };
    }
    offset += token.length;
  }
  return null;
}

/**
 * The alias at which resolving the document's aliases would go too far: an alias inside the very
 * value it names (a circle), or the one where the yaml library's alias-bomb guard stops, found by
 * counting as the library does (yaml's Alias.resolve and getAliasCount: an anchor counts itself
 * and each alias to it; its weight is the largest count × weight of the aliases inside it, 1 with
 * none; past YAML_LIMITS.aliasCopies count × weight it stops), so the refusal can say where.
 */
export function aliasTooFar(doc: Document): { alias: Alias; message: string } | null {
  const tally = new Map<unknown, { count: number; weight: number }>();
  const latest = new Map<string, unknown>();
  const sourceOf = new Map<Alias, unknown>();
  const weight = (node: unknown): number => {
    if (isAlias(node)) {
      const anchor = tally.get(sourceOf.get(node));
      return anchor ? anchor.count * anchor.weight : 0;
    }
    if (isCollection(node)) return node.items.reduce<number>((most, item) => Math.max(most, weight(item)), 0);
    if (isPair(node)) return Math.max(weight(node.key), weight(node.value));
    return 1;
  };
  let found: { alias: Alias; message: string } | null = null;
  visit(doc, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) {
          latest.set(node.anchor, node);
          tally.set(node, { count: 1, weight: 0 });
        }
        return;
      }
      const source = latest.get(node.source);
      if (source === undefined) return; // an alias to no anchor: the parser says so
      if (path.includes(source as never)) {
        found = { alias: node, message: said(WORDS).circle(node.source) };
        return visit.BREAK;
      }
      sourceOf.set(node, source);
      const anchor = tally.get(source)!;
      anchor.count += 1;
      if (anchor.weight === 0) anchor.weight = weight(source);
      if (anchor.count * anchor.weight > YAML_LIMITS.aliasCopies) {
        found = { alias: node, message: said(WORDS).copies(node.source) };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
