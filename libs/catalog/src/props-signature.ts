import { type Expression, type ModuleItem, type Pattern, parseSync, type TsEntityName, type TsFnParameter, type TsType, type TsTypeElement, type TsTypeReference } from '@swc/core';

export interface PropSignature {
  name: string;
  /** The prop's type on one line, with the section's own interfaces and type aliases written out in place. */
  type: string;
  optional: boolean;
  /** Whether the prop carries the section's copy (text a visitor reads): see `carriesCopy`. */
  copy: boolean;
}

/** What the model needs to render a library section with its own content (ComponentLibrary computes it at load). */
export interface ComponentSignature {
  /** The default export's name: what an importer renders, `<PricingTiers ... />`. */
  component: string;
  props: PropSignature[];
  /** One line for the catalog: `PricingTiers { title?: string; tiers?: { name: string; ... }[] }`. */
  text: string;
  /** The default `title` (else the first string default): the other product's copy that shows when none is passed. */
  placeholder?: string;
}

type Local = { kind: 'interface'; members: TsTypeElement[]; extends: string[] } | { kind: 'alias'; type: TsType };

/**
 * Reads a library section's props from its source with SWC (the parser the worker already loads): the default
 * export, the type of its props parameter, and every local interface and type alias that type reaches, so the
 * model sees `tiers?: { name: string; monthlyPrice: string; ... }[]` and not a name it cannot look up.
 * Comments are not part of the AST, so JSDoc never reaches the prompt. Deterministic: source order throughout.
 * Throws, naming `where`, on a section that does not have the library's shape (a bad section stops the boot).
 */
export function componentSignature(source: string, where: string): ComponentSignature {
  const module = parseSync(source, { syntax: 'typescript', tsx: true, target: 'es2022', comments: false });
  const locals = localTypes(module.body);
  const fn = defaultExportFunction(module.body);
  if (!fn) throw new Error(`${where}: no \`export default function Name(props)\``);
  const param = fn.params[0]?.pat;
  const declared = param && 'typeAnnotation' in param ? param.typeAnnotation : undefined;
  const annotation = declared?.type === 'TsTypeAnnotation' ? declared.typeAnnotation : undefined;
  if (!annotation) throw new Error(`${where}: the props parameter of ${fn.name} has no type`);

  const printer = new TypePrinter(locals, where);
  const members = printer.membersOf(annotation);
  if (!members) throw new Error(`${where}: the props of ${fn.name} are not an object type`);
  const props = members.map((m) => ({ name: m.name, type: m.type, optional: m.optional, copy: m.copy }));
  const text = `${fn.name} ${props.length ? `{ ${props.map(printMember).join('; ')} }` : '{}'}`;
  const placeholder = param.type === 'ObjectPattern' ? placeholderOf(param) : undefined;
  return { component: fn.name, props, text, ...(placeholder !== undefined ? { placeholder } : {}) };
}

/** The props that carry copy: what an importer must pass for the section to show its own words. */
export function textProps(signature: ComponentSignature): string[] {
  return signature.props.filter((p) => p.copy).map((p) => p.name);
}

const printMember = (m: { name: string; optional: boolean; type: string }) => `${/^[A-Za-z_$][\w$]*$/.test(m.name) ? m.name : `'${m.name}'`}${m.optional ? '?' : ''}: ${m.type}`;

// Props that hold addresses or keys, not words a visitor reads (`href` beside `label` in an action), and the
// optional pictures (`image`, `logo`, `avatar`): their alt text is not the section's copy, and a section shown
// without one draws its own fallback, not another product's words.
const NOT_COPY = /^(?:id|key|href|url|src|image|logo|avatar)$|(?:Href|Url|Id)$/;

function localTypes(body: ModuleItem[]): Map<string, Local> {
  const locals = new Map<string, Local>();
  for (const item of body) {
    const decl = item.type === 'ExportDeclaration' ? item.declaration : item;
    if (decl.type === 'TsInterfaceDeclaration') {
      const parents = decl.extends.map((e) => (e.expression.type === 'Identifier' ? e.expression.value : '?'));
      locals.set(decl.id.value, { kind: 'interface', members: decl.body.body, extends: parents });
    } else if (decl.type === 'TsTypeAliasDeclaration') {
      locals.set(decl.id.value, { kind: 'alias', type: decl.typeAnnotation });
    }
  }
  return locals;
}

function defaultExportFunction(body: ModuleItem[]): { name: string; params: { pat: Pattern }[] } | null {
  for (const item of body) {
    if (item.type === 'ExportDefaultDeclaration' && item.decl.type === 'FunctionExpression' && item.decl.identifier) {
      return { name: item.decl.identifier.value, params: item.decl.params };
    }
  }
  return null;
}

function placeholderOf(pattern: Extract<Pattern, { type: 'ObjectPattern' }>): string | undefined {
  const defaults: [string, string][] = [];
  for (const p of pattern.properties) {
    if (p.type === 'AssignmentPatternProperty' && p.value?.type === 'StringLiteral') defaults.push([p.key.value, p.value.value]);
    if (p.type === 'KeyValuePatternProperty' && p.key.type === 'Identifier' && p.value.type === 'AssignmentPattern' && p.value.right.type === 'StringLiteral') {
      defaults.push([p.key.value, p.value.right.value]);
    }
  }
  const copy = defaults.filter(([name]) => !NOT_COPY.test(name));
  return (copy.find(([name]) => name === 'title') ?? copy[0])?.[1];
}

interface Member {
  name: string;
  optional: boolean;
  type: string;
  copy: boolean;
}

/**
 * Prints types on one line, `{ a: string; b?: number }`, writing the section's own interfaces and aliases out
 * in place (a name already being written out prints as itself, so a recursive type ends). Tells, as it goes,
 * whether a type holds copy: `string` somewhere inside, under a name that is not an address or key. Only the
 * type syntax library sections use is printed; anything else is refused with the section named.
 */
class TypePrinter {
  private readonly expanding = new Set<string>();

  constructor(
    private readonly locals: ReadonlyMap<string, Local>,
    private readonly where: string,
  ) {}

  /** The members of an object type (a literal, or a local interface or alias of one), or null for another type. */
  membersOf(type: TsType): Member[] | null {
    if (type.type === 'TsTypeLiteral') return this.members(type.members);
    const local = this.localOf(type);
    if (!local) return null;
    return this.expand(local.name, () => (local.decl.kind === 'alias' ? this.membersOf(local.decl.type) : this.interfaceMembers(local.decl)));
  }

  print(type: TsType): { text: string; copy: boolean } {
    switch (type.type) {
      case 'TsKeywordType':
        return { text: type.kind, copy: type.kind === 'string' };
      case 'TsLiteralType':
        return { text: this.literal(type.literal), copy: false };
      case 'TsTypeLiteral': {
        const members = this.members(type.members);
        return { text: members.length ? `{ ${members.map(printMember).join('; ')} }` : '{}', copy: members.some((m) => m.copy) };
      }
      case 'TsArrayType': {
        const elem = this.print(type.elemType);
        return { text: `${needsParens(this.resolved(type.elemType)) ? `(${elem.text})` : elem.text}[]`, copy: elem.copy };
      }
      case 'TsUnionType':
      case 'TsIntersectionType': {
        const parts = type.types.map((t) => this.print(t));
        return { text: parts.map((p) => p.text).join(type.type === 'TsUnionType' ? ' | ' : ' & '), copy: parts.some((p) => p.copy) };
      }
      case 'TsParenthesizedType': {
        const inner = this.print(type.typeAnnotation);
        return { text: `(${inner.text})`, copy: inner.copy };
      }
      case 'TsTypeOperator': {
        const inner = this.print(type.typeAnnotation);
        return { text: `${type.op} ${inner.text}`, copy: type.op === 'readonly' && inner.copy };
      }
      case 'TsTupleType': {
        const parts = type.elemTypes.map((e) => this.print(e.ty));
        return { text: `[${parts.map((p) => p.text).join(', ')}]`, copy: parts.some((p) => p.copy) };
      }
      case 'TsFunctionType':
        return { text: `(${type.params.map((p) => this.param(p)).join(', ')}) => ${this.print(type.typeAnnotation.typeAnnotation).text}`, copy: false };
      case 'TsTypeReference':
        return this.reference(type);
      default:
        throw new Error(`${this.where}: a ${type.type} in the props cannot be shown to the model; write it with plain object, array and union types`);
    }
  }

  private reference(type: TsTypeReference): { text: string; copy: boolean } {
    const local = this.localOf(type);
    if (local && !this.expanding.has(local.name)) {
      return this.expand(local.name, () => {
        if (local.decl.kind === 'alias') return this.print(local.decl.type);
        const members = this.interfaceMembers(local.decl);
        return { text: members.length ? `{ ${members.map(printMember).join('; ')} }` : '{}', copy: members.some((m) => m.copy) };
      });
    }
    const name = entityName(type.typeName);
    const args = type.typeParams?.params.map((t) => this.print(t));
    // React's node type is where JSX copy goes; containers hold copy when their values do; other outside types
    // (LucideIcon, a chart's numbers) are not copy.
    const values = name === 'Record' ? args?.[1] : name === 'Array' || name === 'ReadonlyArray' ? args?.[0] : undefined;
    const copy = /(?:^|\.)ReactNode$/.test(name) || (values?.copy ?? false);
    return { text: args ? `${name}<${args.map((a) => a.text).join(', ')}>` : name, copy };
  }

  private members(elements: TsTypeElement[]): Member[] {
    return elements.map((el) => {
      if (el.type !== 'TsPropertySignature' && el.type !== 'TsMethodSignature') {
        throw new Error(`${this.where}: a ${el.type} in the props cannot be shown to the model`);
      }
      const name = propertyName(el.key);
      if (name === null || el.computed) throw new Error(`${this.where}: a computed property name in the props`);
      if (el.type === 'TsMethodSignature') {
        const returns = el.typeAnn ? this.print(el.typeAnn.typeAnnotation).text : 'void';
        return { name, optional: el.optional, type: `(${el.params.map((p) => this.param(p)).join(', ')}) => ${returns}`, copy: false };
      }
      if (!el.typeAnnotation) throw new Error(`${this.where}: the prop ${name} has no type`);
      const printed = this.print(el.typeAnnotation.typeAnnotation);
      return { name, optional: el.optional, type: printed.text, copy: printed.copy && !NOT_COPY.test(name) };
    });
  }

  private interfaceMembers(decl: Extract<Local, { kind: 'interface' }>): Member[] {
    const inherited = decl.extends.flatMap((parent) => {
      const local = this.locals.get(parent);
      if (local?.kind !== 'interface') throw new Error(`${this.where}: the props extend ${parent}, which is not an interface of this file`);
      return this.expand(parent, () => this.interfaceMembers(local));
    });
    return [...inherited, ...this.members(decl.members)];
  }

  private expand<T>(name: string, write: () => T): T {
    this.expanding.add(name);
    try {
      return write();
    } finally {
      this.expanding.delete(name);
    }
  }

  private localOf(type: TsType): { name: string; decl: Local } | null {
    if (type.type !== 'TsTypeReference' || type.typeName.type !== 'Identifier' || type.typeParams) return null;
    const decl = this.locals.get(type.typeName.value);
    return decl ? { name: type.typeName.value, decl } : null;
  }

  /** The type a reference to a local alias stands for (to know whether `T[]` needs parentheses). */
  private resolved(type: TsType): TsType {
    const local = this.localOf(type);
    return local?.decl.kind === 'alias' && !this.expanding.has(local.name) ? this.resolved(local.decl.type) : type;
  }

  private param(p: TsFnParameter): string {
    const type = p.typeAnnotation ? `: ${this.print(p.typeAnnotation.typeAnnotation).text}` : '';
    if (p.type === 'Identifier') return `${p.value}${p.optional ? '?' : ''}${type}`;
    if (p.type === 'RestElement' && p.argument.type === 'Identifier') return `...${p.argument.value}${type}`;
    return `arg${type}`;
  }

  private literal(lit: Extract<TsType, { type: 'TsLiteralType' }>['literal']): string {
    switch (lit.type) {
      case 'StringLiteral':
        return `'${lit.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      case 'NumericLiteral':
        return String(lit.value);
      case 'BooleanLiteral':
        return String(lit.value);
      default:
        throw new Error(`${this.where}: a ${lit.type} type in the props cannot be shown to the model`);
    }
  }
}

const needsParens = (t: TsType) => t.type === 'TsUnionType' || t.type === 'TsIntersectionType' || t.type === 'TsFunctionType' || t.type === 'TsTypeOperator';

function entityName(name: TsEntityName): string {
  return name.type === 'Identifier' ? name.value : `${entityName(name.left)}.${name.right.value}`;
}

function propertyName(key: Expression): string | null {
  if (key.type === 'Identifier') return key.value;
  if (key.type === 'StringLiteral') return key.value;
  return null;
}
