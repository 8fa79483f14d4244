// A small namespace-aware XML reader for the SOAP requests the simulator receives. ONVIF clients send small,
// well-formed envelopes, so a hand-written reader (elements, attributes, text, CDATA, comments, entities) is
// enough, and it resolves prefixes to namespace URIs: clients pick their own prefixes (the `onvif` package uses
// default namespaces on every element), so the simulator must match on (namespace, local name), never on a prefix.

export type XmlElement = Readonly<{
  /** The local name, without prefix. */
  name: string;
  /** The resolved namespace URI, '' when the element has none. */
  namespace: string;
  /** Attributes by local name (prefix dropped), without the xmlns declarations. */
  attributes: Readonly<Record<string, string>>;
  children: readonly XmlElement[];
  /** The element's own text (CDATA included, entities decoded), untrimmed. */
  text: string;
}>;

export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at ${position}`);
    this.name = 'XmlParseError';
  }
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const decodeEntities = (text: string, position: number): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (_whole, entity: string) => {
    if (entity.startsWith('#x')) {
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith('#')) {
      return String.fromCodePoint(parseInt(entity.slice(1), 10));
    }
    const value = ENTITIES[entity];
    if (value === undefined) {
      throw new XmlParseError(`unknown entity &${entity};`, position);
    }
    return value;
  });

type Building = {
  qname: string;
  scope: ReadonlyMap<string, string>;
  rawAttributes: [string, string][];
  children: XmlElement[];
  text: string;
};

// Sticky patterns matched at an index, so that reading a large document never copies its tail.
const NAME = /[^\s/>=]+/y;
const ATTRIBUTE = /([^\s/>=]+)\s*=\s*("([^"]*)"|'([^']*)')/y;

const matchAt = (pattern: RegExp, source: string, index: number): RegExpExecArray | null => {
  pattern.lastIndex = index;
  return pattern.exec(source);
};

const splitQName = (qname: string): [prefix: string, local: string] => {
  const colon = qname.indexOf(':');
  return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
};

const finish = (node: Building, position: number): XmlElement => {
  const [prefix, name] = splitQName(node.qname);
  const namespace = node.scope.get(prefix);
  if (namespace === undefined) {
    throw new XmlParseError(`undeclared prefix ${prefix}`, position);
  }
  const attributes: Record<string, string> = {};
  for (const [qname, value] of node.rawAttributes) {
    if (qname === 'xmlns' || qname.startsWith('xmlns:')) {
      continue;
    }
    attributes[splitQName(qname)[1]] = value;
  }
  return { name, namespace, attributes, children: node.children, text: node.text };
};

/** Parses one XML document and returns its root element; throws XmlParseError on malformed input. */
export const parseXml = (source: string): XmlElement => {
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const rootScope = new Map<string, string>([
    ['', ''],
    ['xml', 'http://www.w3.org/XML/1998/namespace'],
  ]);

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) {
        top.text += decodeEntities(text, i);
      } else if (text.trim() !== '') {
        throw new XmlParseError('text outside the root element', i);
      }
    }
    if (lt < 0) {
      break;
    }
    i = lt;
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end < 0) {
        throw new XmlParseError('unterminated processing instruction', i);
      }
      i = end + 2;
    } else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) {
        throw new XmlParseError('unterminated comment', i);
      }
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      const top = stack[stack.length - 1];
      if (end < 0 || !top) {
        throw new XmlParseError('misplaced or unterminated CDATA', i);
      }
      top.text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', i)) {
      // A DOCTYPE: SOAP forbids it, and refusing it keeps entity expansion out.
      throw new XmlParseError('DOCTYPE is not allowed', i);
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      const qname = source.slice(i + 2, end).trim();
      const top = stack.pop();
      if (end < 0 || !top || top.qname !== qname) {
        throw new XmlParseError(`unexpected closing tag ${qname}`, i);
      }
      const element = finish(top, i);
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.children.push(element);
      } else {
        root = element;
      }
      i = end + 1;
    } else {
      if (root) {
        throw new XmlParseError('a second root element', i);
      }
      i += 1;
      const qname = matchAt(NAME, source, i)?.[0];
      if (!qname) {
        throw new XmlParseError('element name expected', i);
      }
      i += qname.length;
      const rawAttributes: [string, string][] = [];
      let selfClosing = false;
      for (;;) {
        while (/\s/.test(source.charAt(i))) {
          i += 1;
        }
        if (source.startsWith('/>', i)) {
          selfClosing = true;
          i += 2;
          break;
        }
        if (source.charAt(i) === '>') {
          i += 1;
          break;
        }
        const attribute = matchAt(ATTRIBUTE, source, i);
        if (!attribute?.[1]) {
          throw new XmlParseError(`malformed attribute in ${qname}`, i);
        }
        rawAttributes.push([attribute[1], decodeEntities(attribute[3] ?? attribute[4] ?? '', i)]);
        i += attribute[0].length;
      }
      const parentScope = stack[stack.length - 1]?.scope ?? rootScope;
      let scope: ReadonlyMap<string, string> = parentScope;
      const declarations = rawAttributes.filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'));
      if (declarations.length > 0) {
        const own = new Map(parentScope);
        for (const [name, value] of declarations) {
          own.set(name === 'xmlns' ? '' : name.slice(6), value);
        }
        scope = own;
      }
      const node: Building = { qname, scope, rawAttributes, children: [], text: '' };
      if (selfClosing) {
        const element = finish(node, i);
        const parent = stack[stack.length - 1];
        if (parent) {
          parent.children.push(element);
        } else {
          root = element;
        }
      } else {
        stack.push(node);
      }
    }
  }
  if (stack.length > 0 || !root) {
    throw new XmlParseError('unexpected end of document', source.length);
  }
  return root;
};

/** The first child with this local name (in any namespace: ONVIF names do not collide within one element). */
export const childNamed = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  element?.children.find((child) => child.name === name);

/** Every child with this local name. */
export const childrenNamed = (element: XmlElement | undefined, name: string): readonly XmlElement[] =>
  element?.children.filter((child) => child.name === name) ?? [];

/** The trimmed text of the child with this local name, or undefined when there is no such child. */
export const childText = (element: XmlElement | undefined, name: string): string | undefined =>
  childNamed(element, name)?.text.trim();

/** Escapes text for an element's content or a double-quoted attribute. */
const ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};
export const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (char) => ESCAPES[char] ?? char);
