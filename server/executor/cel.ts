import { compileSafeRegex, type SafePattern } from "@/lib/safe-regex";

/**
 * The subset of CEL that Inngest expressions use: `event.data.x == async.data.x` (match),
 * comparisons, &&, ||, !, arithmetic, `in`, literals, lists, and the functions size, has,
 * startsWith, endsWith, contains, matches, int, double, string. A missing field evaluates to
 * "no value": comparisons with it are false, so a trigger or wait simply does not match.
 * Anything else fails to compile, which makes sync fail with the expression named.
 */
type Node =
  | { t: "lit"; v: unknown }
  | { t: "id"; name: string }
  | { t: "member"; obj: Node; key: Node }
  | { t: "call"; fn: string; target: Node | null; args: Node[] }
  | { t: "list"; items: Node[] }
  | { t: "unary"; op: "!" | "-"; arg: Node }
  | { t: "bin"; op: string; left: Node; right: Node }
  | { t: "cond"; test: Node; then: Node; else: Node };

const MISSING = Symbol("missing");
const FUNCTIONS = new Set([
  "size",
  "has",
  "startsWith",
  "endsWith",
  "contains",
  "matches",
  "int",
  "double",
  "string",
  "exists",
]);
const TOKEN =
  /\s*(?:(\d+\.\d+|\d+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[<>!+\-*/%().,[\]?:]))/y;

export class ExpressionError extends Error {}

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new ExpressionError(`unexpected character at position ${pos}: "${src.slice(pos, pos + 10)}"`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

function unquote(tok: string): string {
  const body = tok.slice(1, -1);
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t", r: "\r" })[c] ?? c);
}

function parse(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const expect = (t: string) => {
    if (toks[i] !== t) throw new ExpressionError(`expected "${t}" but found "${toks[i] ?? "end of expression"}"`);
    i++;
  };

  const args = (): Node[] => {
    const list: Node[] = [];
    if (peek() !== ")") {
      do list.push(cond());
      while (peek() === "," && next());
    }
    expect(")");
    return list;
  };

  const primary = (): Node => {
    const tok = next();
    if (tok === undefined) throw new ExpressionError("unexpected end of expression");
    if (/^\d/.test(tok)) return { t: "lit", v: Number(tok) };
    if (tok[0] === '"' || tok[0] === "'") return { t: "lit", v: unquote(tok) };
    if (tok === "(") {
      const e = cond();
      expect(")");
      return e;
    }
    if (tok === "[") {
      const items: Node[] = [];
      if (peek() !== "]") {
        do items.push(cond());
        while (peek() === "," && next());
      }
      expect("]");
      return { t: "list", items };
    }
    if (tok === "true" || tok === "false") return { t: "lit", v: tok === "true" };
    if (tok === "null") return { t: "lit", v: null };
    if (/^[A-Za-z_]/.test(tok)) {
      if (peek() === "(") {
        if (!FUNCTIONS.has(tok)) throw new ExpressionError(`the function "${tok}" is not supported`);
        next();
        return { t: "call", fn: tok, target: null, args: args() };
      }
      return { t: "id", name: tok };
    }
    throw new ExpressionError(`unexpected "${tok}"`);
  };

  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (peek() === ".") {
        next();
        const name = next();
        if (!name || !/^[A-Za-z_]/.test(name)) throw new ExpressionError('expected a field name after "."');
        if (peek() === "(") {
          if (!FUNCTIONS.has(name)) throw new ExpressionError(`the function "${name}" is not supported`);
          next();
          node = { t: "call", fn: name, target: node, args: args() };
        } else node = { t: "member", obj: node, key: { t: "lit", v: name } };
      } else if (peek() === "[") {
        next();
        const key = cond();
        expect("]");
        node = { t: "member", obj: node, key };
      } else return node;
    }
  };

  const unary = (): Node => {
    if (peek() === "!" || peek() === "-") {
      const op = next() as "!" | "-";
      return { t: "unary", op, arg: unary() };
    }
    return postfix();
  };

  const binary = (ops: string[], sub: () => Node) => (): Node => {
    let left = sub();
    while (ops.includes(peek() ?? "")) {
      const op = next()!;
      left = { t: "bin", op, left, right: sub() };
    }
    return left;
  };
  const mul = binary(["*", "/", "%"], unary);
  const add = binary(["+", "-"], mul);
  const rel = binary(["==", "!=", "<", "<=", ">", ">=", "in"], add);
  const and = binary(["&&"], rel);
  const or = binary(["||"], and);
  function cond(): Node {
    const test = or();
    if (peek() !== "?") return test;
    next();
    const then = cond();
    expect(":");
    return { t: "cond", test, then, else: cond() };
  }

  const root = cond();
  if (i < toks.length) throw new ExpressionError(`unexpected "${toks[i]}"`);
  return root;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === MISSING || b === MISSING) return false;
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (!((typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string")))
    return false;
  if (op === "<") return a < b;
  if (op === "<=") return a <= b;
  if (op === ">") return a > b;
  return a >= b;
}

function truthy(v: unknown): boolean {
  return v === true;
}

function evaluate(node: Node, vars: Record<string, unknown>): unknown {
  switch (node.t) {
    case "lit":
      return node.v;
    case "id":
      return node.name in vars ? vars[node.name] : MISSING;
    case "list":
      return node.items.map((n) => evaluate(n, vars));
    case "member": {
      const obj = evaluate(node.obj, vars);
      const key = evaluate(node.key, vars);
      if (obj === null || typeof obj !== "object" || (typeof key !== "string" && typeof key !== "number"))
        return MISSING;
      return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : MISSING;
    }
    case "unary": {
      const v = evaluate(node.arg, vars);
      if (node.op === "!") return typeof v === "boolean" ? !v : MISSING;
      return typeof v === "number" ? -v : MISSING;
    }
    case "cond":
      return truthy(evaluate(node.test, vars)) ? evaluate(node.then, vars) : evaluate(node.else, vars);
    case "bin":
      return binaryOp(node, vars);
    case "call":
      return callFn(node, vars);
  }
}

function binaryOp(node: Extract<Node, { t: "bin" }>, vars: Record<string, unknown>): unknown {
  if (node.op === "&&") return truthy(evaluate(node.left, vars)) && truthy(evaluate(node.right, vars));
  if (node.op === "||") return truthy(evaluate(node.left, vars)) || truthy(evaluate(node.right, vars));
  const a = evaluate(node.left, vars);
  const b = evaluate(node.right, vars);
  switch (node.op) {
    case "==":
      return equal(a, b);
    case "!=":
      return a !== MISSING && b !== MISSING && !equal(a, b);
    case "in":
      if (Array.isArray(b)) return b.some((x) => equal(x, a));
      return typeof a === "string" && b !== null && typeof b === "object" && Object.hasOwn(b, a);
    case "+":
      if (typeof a === "number" && typeof b === "number") return a + b;
      if (typeof a === "string" && typeof b === "string") return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      return MISSING;
    case "-":
    case "*":
    case "/":
    case "%": {
      if (typeof a !== "number" || typeof b !== "number") return MISSING;
      if (node.op === "-") return a - b;
      if (node.op === "*") return a * b;
      if (b === 0) return MISSING;
      return node.op === "/" ? a / b : a % b;
    }
    default:
      return compare(node.op, a, b);
  }
}

function callFn(node: Extract<Node, { t: "call" }>, vars: Record<string, unknown>): unknown {
  if (node.fn === "has") {
    const arg = node.args[0];
    return arg !== undefined && evaluate(arg, vars) !== MISSING;
  }
  const target = node.target ? evaluate(node.target, vars) : undefined;
  const args = node.args.map((a) => evaluate(a, vars));
  const subject = node.target ? target : args.shift();
  if (subject === MISSING || args.includes(MISSING)) return MISSING;
  const [arg] = args;
  switch (node.fn) {
    case "size":
      if (typeof subject === "string" || Array.isArray(subject)) return subject.length;
      return subject && typeof subject === "object" ? Object.keys(subject).length : MISSING;
    case "startsWith":
      return typeof subject === "string" && typeof arg === "string" ? subject.startsWith(arg) : MISSING;
    case "endsWith":
      return typeof subject === "string" && typeof arg === "string" ? subject.endsWith(arg) : MISSING;
    case "contains":
      return typeof subject === "string" && typeof arg === "string" ? subject.includes(arg) : MISSING;
    case "matches":
      return typeof subject === "string" && typeof arg === "string"
        ? (safeRegex(arg)?.test(subject) ?? MISSING)
        : MISSING;
    case "int":
      return typeof subject === "number" || typeof subject === "string" ? Math.trunc(Number(subject)) : MISSING;
    case "double":
      return typeof subject === "number" || typeof subject === "string" ? Number(subject) : MISSING;
    case "string":
      return typeof subject === "object" ? JSON.stringify(subject) : String(subject);
    default:
      return MISSING;
  }
}

/** CEL's matches() is RE2 by its spec; re2js also keeps a user's filter from stalling the server. */
function safeRegex(src: string): SafePattern | null {
  try {
    return compileSafeRegex(src);
  } catch {
    return null;
  }
}

const cache = new Map<string, Node>();

/** Parses an expression once; throws ExpressionError with a readable reason when unsupported. */
export function compileExpression(src: string): Node {
  let node = cache.get(src);
  if (!node) {
    try {
      node = parse(src);
    } catch (err) {
      throw new ExpressionError(`Expression "${src}" cannot be evaluated: ${(err as Error).message}`);
    }
    if (cache.size > 1000) cache.clear();
    cache.set(src, node);
  }
  return node;
}

/** True when the expression holds for these variables (`event`, `async`). */
export function matchesExpression(src: string | null | undefined, vars: Record<string, unknown>): boolean {
  if (!src) return true;
  try {
    return evaluate(compileExpression(src), vars) === true;
  } catch {
    return false;
  }
}
