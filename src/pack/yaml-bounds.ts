/**
 * Bounds on what a pack's YAML may cost to read, said where the file passes them. Within the 1 MB
 * a file may be, YAML can still cost seconds or more: a quarter of a million list items, brackets
 * nested a million deep (the parser's stack runs out), tens of thousands of aliases (resolving
 * them is quadratic), or an alias bomb (aliases of aliases, each doubling the document).
 */
import { CST, isAlias, isCollection, isPair, Lexer, visit, type Alias, type Document } from 'yaml';

export const YAML_LIMITS = {
  /** The lexer's tokens (keys, values, punctuation, spaces): the built-in packs have under 4,000. */
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
      return { offset, message: `the file goes on past ${YAML_LIMITS.tokens.toLocaleString('en')} YAML tokens (keys, values, punctuation, spaces) here, and that is all a file may have; the built-in packs have under 4,000. Is this the right file?` };
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++depth > YAML_LIMITS.flowDepth) return { offset, message: `brackets nested more than ${YAML_LIMITS.flowDepth} deep; a pack needs a few at most` };
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
      depth = Math.max(0, depth - 1);
    } else if (type === 'alias' && ++aliases > YAML_LIMITS.aliases) {
      return { offset, message: `more than ${YAML_LIMITS.aliases} aliases (*name) in one file; write the values out instead` };
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
        found = { alias: node, message: `the alias *${node.source} is inside the value it names, which makes a circle; write the value out instead` };
        return visit.BREAK;
      }
      sourceOf.set(node, source);
      const anchor = tally.get(source)!;
      anchor.count += 1;
      if (anchor.weight === 0) anchor.weight = weight(source);
      if (anchor.count * anchor.weight > YAML_LIMITS.aliasCopies) {
        found = {
          alias: node,
          message: `the alias *${node.source} makes too many copies (aliases of aliases: more than ${YAML_LIMITS.aliasCopies}, counted as the YAML loader counts them); write the values out instead`,
        };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
