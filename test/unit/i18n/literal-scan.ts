import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@babel/parser';
import messages from '../../../public/_locales/en/messages.json';

/**
 * Finds user-facing English written as literals in src/: JSX text, the text attributes people read
 * (aria-label, title, placeholder, alt, label), string literals shown as JSX children, and sentences
 * handed to `new KeyDeckError(code, …)` or a flow's `end(flow, outcome, …)`, the toolbar button's title, or put in
 * `message:` / `summary:` / `note:` fields.
 * Parsed with Babel's parser (@babel/core's own, TypeScript + JSX): TypeScript 7 ships no stable JS API.
 */
export interface Finding {
  file: string;
  line: number;
  kind: string;
  text: string;
}

/** Text that is not language: symbols, product names, addresses. Keep this list short. */
const ALLOWED = new Set(['⋯', '×', '✓', '•', '—', '–', '…', '·', 'OctoPrint', 'KeyDeck', 'OctoEverywhere', 'CoCalc', 'Conduce', 'OctoFarm', 'FDM Monster', 'OP']); // OP: the badge on an OctoPrint tab, OctoPrint's initials
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-roledescription', 'aria-valuetext']);
const TEXT_FIELDS = new Set(['message', 'summary', 'note']);

type Node = { type: string; loc?: { start: { line: number } }; [key: string]: unknown };

export function isLanguage(text: string): boolean {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (!/\p{L}/u.test(trimmed) || ALLOWED.has(trimmed)) return false;
  // A message key handed to a component that looks it up (`title="lockSet"`).
  if (Object.hasOwn(messages, trimmed)) return false;
  if (/^(https?:\/\/|[a-z]+:\/\/)\S*$/i.test(trimmed)) return false;
  return true;
}

/** The literal text a node would put on screen, or undefined when it is not a literal. */
function literalText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral') return node.value as string;
  if (node.type === 'TemplateLiteral') return (node.quasis as Array<{ value: { cooked: string } }>).map((q) => q.value.cooked).join(' ');
  return undefined;
}

/** Literals an expression can evaluate to (through ?:, ||, ??, +), not those inside calls. */
function shownLiterals(node: Node | undefined): string[] {
  if (!node) return [];
  const text = literalText(node);
  if (text !== undefined) return [text];
  if (node.type === 'ConditionalExpression') return [...shownLiterals(node.consequent as Node), ...shownLiterals(node.alternate as Node)];
  if (node.type === 'LogicalExpression') return shownLiterals(node.right as Node);
  if (node.type === 'BinaryExpression' && node.operator === '+') return [...shownLiterals(node.left as Node), ...shownLiterals(node.right as Node)];
  if (node.type === 'TSAsExpression' || node.type === 'ParenthesizedExpression') return shownLiterals(node.expression as Node);
  return [];
}

function attributeName(node: Node): string {
  const name = node.name as Node;
  return name.type === 'JSXNamespacedName' ? `${(name.namespace as Node).name}:${(name.name as Node).name}` : (name.name as string);
}

export function scanSource(file: string, code: string): Finding[] {
  const ast = parse(code, { sourceType: 'module', plugins: ['typescript', 'jsx'] }) as unknown as Node;
  const findings: Finding[] = [];
  const add = (node: Node, kind: string, texts: string[]) => {
    for (const text of texts) if (isLanguage(text)) findings.push({ file, line: node.loc?.start.line ?? 0, kind, text: text.trim() });
  };
  const visit = (node: Node, parent: Node | undefined) => {
    switch (node.type) {
      case 'JSXText':
        add(node, 'JSX text', [node.value as string]);
        break;
      case 'JSXExpressionContainer':
        if (parent && (parent.type === 'JSXElement' || parent.type === 'JSXFragment')) add(node, 'JSX child', shownLiterals(node.expression as Node));
        break;
      case 'JSXAttribute':
        if (TEXT_ATTRIBUTES.has(attributeName(node))) {
          const value = node.value as Node | null;
          const texts = !value ? [] : value.type === 'JSXExpressionContainer' ? shownLiterals(value.expression as Node) : shownLiterals(value);
          add(node, `${attributeName(node)}=`, texts);
        }
        break;
      case 'NewExpression': {
        const callee = node.callee as Node;
        const args = node.arguments as Node[];
        if (callee.type === 'Identifier' && callee.name === 'KeyDeckError') add(node, 'KeyDeckError message', shownLiterals(args[1]));
        break;
      }
      case 'CallExpression': {
        // A flow's ending, `end(flow, outcome, message)`: the message is the card's text.
        const callee = node.callee as Node;
        const args = node.arguments as Node[];
        if (callee.type === 'Identifier' && callee.name === 'end' && args.length === 3) add(node, 'end() message', shownLiterals(args[2]));
        // Verification warnings, shown on the row: `warnings.push('…')`.
        const pushed = callee.type === 'MemberExpression' && (callee.property as Node).name === 'push' && (callee.object as Node).name === 'warnings';
        if (pushed) add(node, 'warning', args.flatMap((arg) => shownLiterals(arg)));
        // The toolbar button's title: `setBadge(text, title)`, `action.setTitle({ title })`.
        const called = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? (callee.property as Node).name : undefined;
        if (called === 'setBadge') add(node, 'toolbar title', shownLiterals(args[1]));
        if (called === 'setTitle' && args[0]?.type === 'ObjectExpression')
          for (const property of (args[0].properties as Node[]).filter((p) => (p.key as Node | undefined)?.name === 'title')) add(node, 'toolbar title', shownLiterals(property.value as Node));
        break;
      }
      case 'VariableDeclarator': {
        // A sentence kept in a constant (`const AGAIN = 'Start again.'`) and thrown or shown elsewhere.
        const id = node.id as Node;
        const sentences = shownLiterals(node.init as Node).filter((text) => text.trim().split(/\s+/).length >= 3);
        if (id.type === 'Identifier' && /^[A-Z][A-Z0-9_]+$/.test(id.name as string)) add(node, 'constant', sentences);
        break;
      }
      case 'ObjectProperty': {
        const key = node.key as Node;
        const name = key.type === 'Identifier' ? (key.name as string) : key.type === 'StringLiteral' ? (key.value as string) : '';
        if (TEXT_FIELDS.has(name) && !node.computed) add(node, `${name}:`, shownLiterals(node.value as Node));
        break;
      }
    }
    for (const [field, value] of Object.entries(node)) {
      if (field === 'loc' || field === 'leadingComments' || field === 'trailingComments') continue;
      if (Array.isArray(value)) for (const child of value) if (child && typeof child.type === 'string') visit(child, node);
      if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node, node);
    }
  };
  visit(ast, undefined);
  return findings;
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export function scanTree(root: string, dir: string): Finding[] {
  return sourceFiles(join(root, dir)).flatMap((path) => scanSource(relative(root, path), readFileSync(path, 'utf8')));
}
