package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reason4j.rl.sandbox.Ast.*;

/**
 * A recursive-descent parser from tokens to {@link Ast}, following the precedence levels of Python's
 * grammar (conditional expression, or, and, not, comparisons, |, ^, &amp;, shifts, + -, * / // %,
 * unary, **, calls/subscripts/attributes, atoms).
 *
 * <p>Constructs outside the subset are refused here, before anything runs: {@code class},
 * {@code lambda}, {@code global}/{@code nonlocal}, {@code with}, {@code try}, {@code yield},
 * {@code async}/{@code await}, {@code del}, decorators, star arguments, set and dict comprehensions,
 * {@code :=}, names that start with {@code __} (the door to Python's object model), and imports of
 * anything but {@code math} and {@code sympy}. Nesting deeper than {@code maxNesting} is a syntax
 * error, which also bounds how deep the evaluator recurses.
 */
final class PythonParser {
  static final Set<String> ALLOWED_MODULES = Set.of("math", "sympy");

  private final List<Token> toks;
  private final int maxNesting;
  private int p;
  private int nesting;
  /** Enclosing loops and functions, to reject a stray break, continue or return as Python's compiler does. */
  private int loops;
  private int functions;

  private PythonParser(List<Token> toks, int maxNesting) {
    this.toks = toks;
    this.maxNesting = maxNesting;
  }

  static List<Stmt> parse(String source, int maxNesting) {
    PythonParser parser = new PythonParser(PythonLexer.tokenize(source), maxNesting);
    List<Stmt> body = new ArrayList<>();
    while (parser.peek().kind() != Token.Kind.END) body.addAll(parser.statement());
    return body;
  }

  // ------------------------------------------------------------------ tokens

  private Token peek() {
    return toks.get(p);
  }

  private Token next() {
    return toks.get(p++);
  }

  private boolean acceptOp(String op) {
    if (!peek().isOp(op)) return false;
    p++;
    return true;
  }

  private boolean acceptKeyword(String kw) {
    if (!peek().isKeyword(kw)) return false;
    p++;
    return true;
  }

  private void expectOp(String op) {
    if (!acceptOp(op)) throw unexpected("'" + op + "'");
  }

  private void expectKeyword(String kw) {
    if (!acceptKeyword(kw)) throw unexpected("'" + kw + "'");
  }

  private void expect(Token.Kind kind) {
    if (peek().kind() != kind) throw unexpected(kind.name().toLowerCase());
    p++;
  }

  private SandboxException unexpected(String wanted) {
    Token t = peek();
    if (t.isOp(":=")) return SandboxException.unsupported("assignment expression ':=' at line " + t.line());
    if (t.isOp("@")) return SandboxException.unsupported("decorator or '@' operator at line " + t.line());
    return SandboxException.syntax(t.line(), "expected " + wanted + ", found " + t.describe());
  }

  private String name() {
    Token t = peek();
    if (t.kind() != Token.Kind.NAME) throw unexpected("a name");
    p++;
    return checkName(t.text(), t.line());
  }

  private static String checkName(String id, int line) {
    if (id.startsWith("__")) throw SandboxException.unsupported("name '" + id + "' at line " + line);
    return id;
  }

  private void enter() {
    if (++nesting > maxNesting)
      throw SandboxException.syntax(peek().line(), "nesting deeper than " + maxNesting + " levels");
  }

  private void exit() {
    nesting--;
  }

  // ------------------------------------------------------------------ statements

  private List<Stmt> statement() {
    Token t = peek();
    if (t.kind() == Token.Kind.KEYWORD) {
      switch (t.text()) {
        case "if": return List.of(ifStatement());
        case "while": return List.of(whileStatement());
        case "for": return List.of(forStatement());
        case "def": return List.of(functionDef());
        case "class", "with", "try", "async", "lambda", "global", "nonlocal", "del", "yield", "await",
            "except", "finally":
          throw SandboxException.unsupported("'" + t.text() + "' at line " + t.line());
        default: break;
      }
    }
    if (t.kind() == Token.Kind.INDENT) throw SandboxException.syntax(t.line(), "unexpected indent");
    return simpleStatements();
  }

  private List<Stmt> simpleStatements() {
    List<Stmt> out = new ArrayList<>();
    do {
      out.add(smallStatement());
    } while (acceptOp(";") && peek().kind() != Token.Kind.NEWLINE);
    expect(Token.Kind.NEWLINE);
    return out;
  }

  private Stmt smallStatement() {
    Token t = peek();
    int line = t.line();
    if (t.kind() == Token.Kind.KEYWORD) {
      switch (t.text()) {
        case "pass": p++; return new Pass(line);
        case "break": p++; requireLoop("break", line); return new Break(line);
        case "continue": p++; requireLoop("continue", line); return new Continue(line);
        case "return":
          p++;
          if (functions == 0) throw SandboxException.syntax(line, "'return' outside function");
          return new Return(atStatementEnd() ? null : starExpressions(), line);
        case "import": p++; return importStatement(line);
        case "from": p++; return fromImport(line);
        case "raise": p++; skipToStatementEnd(); return new Raise(line);
        case "assert": {
          p++;
          Expr test = expression();
          return new Assert(test, acceptOp(",") ? expression() : null, line);
        }
        case "global", "nonlocal", "del", "yield", "class", "with", "try", "lambda", "async", "await":
          throw SandboxException.unsupported("'" + t.text() + "' at line " + line);
        default: break;
      }
    }
    return expressionStatement(line);
  }

  private void requireLoop(String keyword, int line) {
    if (loops == 0) throw SandboxException.syntax(line, "'" + keyword + "' outside loop");
  }

  private List<Stmt> loopBody() {
    loops++;
    List<Stmt> body = block();
    loops--;
    return body;
  }

  private boolean atStatementEnd() {
    return peek().kind() == Token.Kind.NEWLINE || peek().isOp(";");
  }

  private void skipToStatementEnd() {
    while (!atStatementEnd() && peek().kind() != Token.Kind.END) p++;
  }

  private Stmt expressionStatement(int line) {
    Expr first = starExpressions();
    if (peek().isOp("=")) {
      List<Expr> parts = new ArrayList<>(List.of(first));
      while (acceptOp("=")) parts.add(starExpressions());
      Expr value = parts.remove(parts.size() - 1);
      parts.forEach(this::checkTarget);
      return new Assign(List.copyOf(parts), value, line);
    }
    BinOp aug = augmentedOp(peek());
    if (aug != null) {
      p++;
      if (!(first instanceof Name || first instanceof Subscript)) checkTarget(first);
      if (first instanceof TupleExpr || first instanceof ListExpr)
        throw SandboxException.syntax(line, "illegal expression for augmented assignment");
      return new AugAssign(first, aug, starExpressions(), line);
    }
    if (acceptOp(":")) {
      checkTarget(first);
      expression();
      return acceptOp("=") ? new Assign(List.of(first), starExpressions(), line) : new Pass(line);
    }
    return new ExprStmt(first, line);
  }

  private static BinOp augmentedOp(Token t) {
    if (t.kind() != Token.Kind.OP || !t.text().endsWith("=") || t.text().length() < 2) return null;
    String sym = t.text().substring(0, t.text().length() - 1);
    for (BinOp op : BinOp.values()) if (op.symbol.equals(sym)) return op;
    if (sym.equals("@")) throw SandboxException.unsupported("'@=' at line " + t.line());
    return null;
  }

  /** Targets are names, subscripts, and tuples or lists of targets. */
  private void checkTarget(Expr e) {
    if (e instanceof Name || e instanceof Subscript) return;
    if (e instanceof TupleExpr t) t.elements().forEach(this::checkTarget);
    else if (e instanceof ListExpr l) l.elements().forEach(this::checkTarget);
    else if (e instanceof Attribute a) throw SandboxException.unsupported("assignment to attribute '" + a.attr() + "'");
    else throw SandboxException.syntax(peek().line(), "cannot assign to " + describe(e));
  }

  private static String describe(Expr e) {
    if (e instanceof Const) return "literal";
    if (e instanceof Call) return "function call";
    return "expression";
  }

  private List<Stmt> block() {
    expectOp(":");
    enter();
    List<Stmt> body = new ArrayList<>();
    if (peek().kind() == Token.Kind.NEWLINE) {
      p++;
      if (peek().kind() != Token.Kind.INDENT) throw SandboxException.syntax(peek().line(), "expected an indented block");
      p++;
      while (peek().kind() != Token.Kind.DEDENT && peek().kind() != Token.Kind.END) body.addAll(statement());
      expect(Token.Kind.DEDENT);
    } else {
      body.addAll(simpleStatements());
    }
    exit();
    return List.copyOf(body);
  }

  private If ifStatement() {
    int line = next().line();
    Expr test = expression();
    List<Stmt> body = block();
    List<Stmt> orElse = List.of();
    if (peek().isKeyword("elif")) orElse = List.of(ifStatement());
    else if (acceptKeyword("else")) orElse = block();
    return new If(test, body, orElse, line);
  }

  private While whileStatement() {
    int line = next().line();
    Expr test = expression();
    List<Stmt> body = loopBody();
    return new While(test, body, acceptKeyword("else") ? block() : List.of(), line);
  }

  private For forStatement() {
    int line = next().line();
    Expr target = targetList();
    expectKeyword("in");
    Expr iter = starExpressions();
    List<Stmt> body = loopBody();
    return new For(target, iter, body, acceptKeyword("else") ? block() : List.of(), line);
  }

  /** The target of a {@code for}: or-expressions (they cannot swallow the {@code in}), comma separated. */
  private Expr targetList() {
    List<Expr> items = new ArrayList<>(List.of(bitOr()));
    boolean tuple = false;
    while (acceptOp(",")) {
      tuple = true;
      if (peek().isKeyword("in")) break;
      items.add(bitOr());
    }
    Expr target = tuple ? new TupleExpr(List.copyOf(items)) : items.get(0);
    checkTarget(target);
    return target;
  }

  private FunctionDef functionDef() {
    int line = next().line();
    String name = name();
    expectOp("(");
    List<String> params = new ArrayList<>();
    List<Expr> defaults = new ArrayList<>();
    while (!peek().isOp(")")) {
      if (peek().isOp("*") || peek().isOp("**") || peek().isOp("/"))
        throw SandboxException.unsupported("'" + peek().text() + "' in parameters at line " + line);
      String param = name();
      if (params.contains(param)) throw SandboxException.syntax(line, "duplicate argument '" + param + "'");
      params.add(param);
      if (acceptOp(":")) expression();
      if (acceptOp("=")) defaults.add(expression());
      else if (!defaults.isEmpty()) throw SandboxException.syntax(line, "non-default argument follows default argument");
      if (!acceptOp(",")) break;
    }
    expectOp(")");
    if (acceptOp("->")) expression();
    int outerLoops = loops;
    loops = 0;
    functions++;
    List<Stmt> body = block();
    functions--;
    loops = outerLoops;
    Set<String> locals = new LinkedHashSet<>(params);
    Scopes.collectBindings(body, locals);
    return new FunctionDef(name, List.copyOf(params), List.copyOf(defaults), body, Set.copyOf(locals), line);
  }

  private Import importStatement(int line) {
    List<Alias> modules = new ArrayList<>();
    do {
      String module = name();
      if (peek().isOp(".") || !ALLOWED_MODULES.contains(module))
        throw SandboxException.unsupported("import of module '" + module + "' at line " + line);
      modules.add(new Alias(module, acceptKeyword("as") ? name() : module));
    } while (acceptOp(","));
    return new Import(List.copyOf(modules), line);
  }

  private ImportFrom fromImport(int line) {
    if (peek().isOp(".") || peek().isOp("...")) throw SandboxException.unsupported("relative import at line " + line);
    String module = name();
    if (peek().isOp(".") || !ALLOWED_MODULES.contains(module))
      throw SandboxException.unsupported("import from module '" + module + "' at line " + line);
    expectKeyword("import");
    List<Alias> names = new ArrayList<>();
    if (acceptOp("*")) {
      names.add(new Alias("*", "*"));
    } else {
      boolean paren = acceptOp("(");
      do {
        if (paren && peek().isOp(")")) break;
        String n = name();
        names.add(new Alias(n, acceptKeyword("as") ? name() : n));
      } while (acceptOp(","));
      if (paren) expectOp(")");
    }
    return new ImportFrom(module, List.copyOf(names), line);
  }

  // ------------------------------------------------------------------ expressions

  /** Comma-separated expressions; more than one (or a trailing comma) makes a tuple. */
  private Expr starExpressions() {
    Expr first = expression();
    if (!peek().isOp(",")) return first;
    List<Expr> items = new ArrayList<>(List.of(first));
    while (acceptOp(",")) {
      if (!startsExpression(peek())) break;
      items.add(expression());
    }
    return new TupleExpr(List.copyOf(items));
  }

  private static boolean startsExpression(Token t) {
    return switch (t.kind()) {
      case NAME, NUMBER, STRING -> true;
      case KEYWORD -> Set.of("not", "None", "True", "False", "lambda", "await", "yield").contains(t.text());
      case OP -> Set.of("(", "[", "{", "-", "+", "~", "*", "...").contains(t.text());
      default -> false;
    };
  }

  Expr expression() {
    enter();
    if (peek().isKeyword("lambda")) throw SandboxException.unsupported("'lambda' at line " + peek().line());
    if (peek().isOp("*")) throw SandboxException.unsupported("starred expression at line " + peek().line());
    Expr e = disjunction();
    if (acceptKeyword("if")) {
      Expr test = disjunction();
      expectKeyword("else");
      e = new IfExp(test, e, expression());
    }
    exit();
    return e;
  }

  private Expr disjunction() {
    Expr first = conjunction();
    if (!peek().isKeyword("or")) return first;
    List<Expr> values = new ArrayList<>(List.of(first));
    while (acceptKeyword("or")) values.add(conjunction());
    return new BoolOp(false, List.copyOf(values));
  }

  private Expr conjunction() {
    Expr first = inversion();
    if (!peek().isKeyword("and")) return first;
    List<Expr> values = new ArrayList<>(List.of(first));
    while (acceptKeyword("and")) values.add(inversion());
    return new BoolOp(true, List.copyOf(values));
  }

  private Expr inversion() {
    if (!acceptKeyword("not")) return comparison();
    enter();
    Expr e = new Unary(UnaryOp.NOT, inversion());
    exit();
    return e;
  }

  private Expr comparison() {
    Expr left = bitOr();
    List<CmpOp> ops = new ArrayList<>();
    List<Expr> rights = new ArrayList<>();
    for (CmpOp op = comparisonOp(); op != null; op = comparisonOp()) {
      ops.add(op);
      rights.add(bitOr());
    }
    return ops.isEmpty() ? left : new Compare(left, List.copyOf(ops), List.copyOf(rights));
  }

  private CmpOp comparisonOp() {
    Token t = peek();
    CmpOp op = null;
    if (t.kind() == Token.Kind.OP) {
      for (CmpOp c : CmpOp.values()) if (c.symbol.equals(t.text())) op = c;
      if (op != null) p++;
    } else if (t.isKeyword("in")) {
      p++;
      op = CmpOp.IN;
    } else if (t.isKeyword("not") && toks.get(p + 1).isKeyword("in")) {
      p += 2;
      op = CmpOp.NOT_IN;
    } else if (t.isKeyword("is")) {
      p++;
      op = acceptKeyword("not") ? CmpOp.IS_NOT : CmpOp.IS;
    }
    return op;
  }

  private Expr bitOr() {
    return binaryLevel(0);
  }

  /** Left-associative levels, loosest first; each is one flat {@link Binary}. */
  private static final List<List<BinOp>> LEVELS = List.of(
      List.of(BinOp.BIT_OR), List.of(BinOp.BIT_XOR), List.of(BinOp.BIT_AND),
      List.of(BinOp.LSHIFT, BinOp.RSHIFT), List.of(BinOp.ADD, BinOp.SUB),
      List.of(BinOp.MUL, BinOp.DIV, BinOp.FLOOR_DIV, BinOp.MOD));

  private Expr binaryLevel(int level) {
    if (level == LEVELS.size()) return factor();
    Expr first = binaryLevel(level + 1);
    List<BinOp> ops = new ArrayList<>();
    List<Expr> operands = new ArrayList<>();
    while (true) {
      BinOp op = binaryOp(peek(), LEVELS.get(level));
      if (op == null) break;
      p++;
      ops.add(op);
      operands.add(binaryLevel(level + 1));
    }
    return ops.isEmpty() ? first : new Binary(first, List.copyOf(ops), List.copyOf(operands));
  }

  private static BinOp binaryOp(Token t, List<BinOp> allowed) {
    if (t.kind() != Token.Kind.OP) return null;
    if (t.text().equals("@") && allowed.contains(BinOp.MUL)) throw SandboxException.unsupported("'@' at line " + t.line());
    for (BinOp op : allowed) if (op.symbol.equals(t.text())) return op;
    return null;
  }

  private Expr factor() {
    UnaryOp op = peek().isOp("-") ? UnaryOp.NEG : peek().isOp("+") ? UnaryOp.POS : peek().isOp("~") ? UnaryOp.INVERT : null;
    if (op == null) return power();
    p++;
    enter();
    Expr e = new Unary(op, factor());
    exit();
    return e;
  }

  private Expr power() {
    if (peek().isKeyword("await")) throw SandboxException.unsupported("'await' at line " + peek().line());
    Expr base = primary();
    if (!acceptOp("**")) return base;
    enter();
    Expr e = new Binary(base, List.of(BinOp.POW), List.of(factor()));
    exit();
    return e;
  }

  private Expr primary() {
    Expr e = atom();
    int trailers = 0;
    while (true) {
      if (acceptOp(".")) {
        e = new Attribute(e, name());
      } else if (acceptOp("(")) {
        e = call(e);
      } else if (acceptOp("[")) {
        e = new Subscript(e, subscript());
        expectOp("]");
      } else {
        break;
      }
      enter();
      trailers++;
    }
    nesting -= trailers;
    return e;
  }

  private Call call(Expr func) {
    List<Expr> args = new ArrayList<>();
    List<Keyword> keywords = new ArrayList<>();
    while (!peek().isOp(")")) {
      if (peek().isOp("*") || peek().isOp("**"))
        throw SandboxException.unsupported("star argument at line " + peek().line());
      if (peek().kind() == Token.Kind.NAME && toks.get(p + 1).isOp("=")) {
        int line = peek().line();
        String kw = name();
        p++;
        if (keywords.stream().anyMatch(k -> k.name().equals(kw)))
          throw SandboxException.syntax(line, "keyword argument repeated: " + kw);
        keywords.add(new Keyword(kw, expression()));
      } else {
        if (!keywords.isEmpty()) throw SandboxException.syntax(peek().line(), "positional argument follows keyword argument");
        Expr arg = expression();
        if (peek().isKeyword("for")) arg = comprehension(arg);
        args.add(arg);
      }
      if (!acceptOp(",")) break;
    }
    expectOp(")");
    return new Call(func, List.copyOf(args), List.copyOf(keywords));
  }

  private Expr subscript() {
    Expr first = sliceOrExpression();
    if (!peek().isOp(",")) return first;
    List<Expr> items = new ArrayList<>(List.of(first));
    while (acceptOp(",") && !peek().isOp("]")) items.add(sliceOrExpression());
    return new TupleExpr(List.copyOf(items));
  }

  private Expr sliceOrExpression() {
    Expr lower = peek().isOp(":") ? null : expression();
    if (!acceptOp(":")) return lower;
    Expr upper = peek().isOp(":") || peek().isOp("]") || peek().isOp(",") ? null : expression();
    Expr step = null;
    if (acceptOp(":") && !peek().isOp("]") && !peek().isOp(",")) step = expression();
    return new Slice(lower, upper, step);
  }

  private Expr atom() {
    Token t = next();
    switch (t.kind()) {
      case NAME:
        return new Name(checkName(t.text(), t.line()));
      case NUMBER:
        return new Const(t.value());
      case STRING: {
        StringBuilder sb = new StringBuilder((String) t.value());
        while (peek().kind() == Token.Kind.STRING) sb.append((String) next().value());
        return new Const(sb.toString());
      }
      case KEYWORD:
        switch (t.text()) {
          case "True": return new Const(Boolean.TRUE);
          case "False": return new Const(Boolean.FALSE);
          case "None": return new Const(Values.NONE);
          case "lambda", "yield", "await": throw SandboxException.unsupported("'" + t.text() + "' at line " + t.line());
          default: break;
        }
        break;
      case OP:
        switch (t.text()) {
          case "(": return parenthesized();
          case "[": return listDisplay();
          case "{": return dictDisplay();
          case "...": throw SandboxException.unsupported("Ellipsis at line " + t.line());
          default: break;
        }
        break;
      default:
        break;
    }
    p--;
    throw unexpected("an expression");
  }

  private Expr parenthesized() {
    if (acceptOp(")")) return new TupleExpr(List.of());
    if (peek().isKeyword("yield")) throw SandboxException.unsupported("'yield' at line " + peek().line());
    Expr first = expression();
    if (peek().isKeyword("for")) {
      Expr gen = comprehension(first);
      expectOp(")");
      return gen;
    }
    if (acceptOp(")")) return first;
    List<Expr> items = new ArrayList<>(List.of(first));
    while (acceptOp(",") && !peek().isOp(")")) items.add(expression());
    expectOp(")");
    return new TupleExpr(List.copyOf(items));
  }

  private Expr listDisplay() {
    if (acceptOp("]")) return new ListExpr(List.of());
    Expr first = expression();
    if (peek().isKeyword("for")) {
      Expr comp = comprehension(first);
      expectOp("]");
      return comp;
    }
    List<Expr> items = new ArrayList<>(List.of(first));
    while (acceptOp(",") && !peek().isOp("]")) items.add(expression());
    expectOp("]");
    return new ListExpr(List.copyOf(items));
  }

  private Expr dictDisplay() {
    List<Expr> keys = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (!peek().isOp("}")) {
      if (peek().isOp("**")) throw SandboxException.unsupported("'**' in dict display at line " + peek().line());
      keys.add(expression());
      if (!acceptOp(":")) throw SandboxException.unsupported("set display at line " + peek().line());
      values.add(expression());
      if (peek().isKeyword("for")) throw SandboxException.unsupported("dict comprehension at line " + peek().line());
      if (!acceptOp(",")) break;
    }
    expectOp("}");
    return new DictExpr(List.copyOf(keys), List.copyOf(values));
  }

  private ListComp comprehension(Expr element) {
    List<ForClause> clauses = new ArrayList<>();
    Set<String> locals = new LinkedHashSet<>();
    int depthBefore = nesting;
    while (acceptKeyword("for")) {
      enter();
      Expr target = targetList();
      Scopes.collectTargetNames(target, locals);
      expectKeyword("in");
      Expr iter = disjunction();
      List<Expr> conditions = new ArrayList<>();
      while (acceptKeyword("if")) conditions.add(disjunction());
      clauses.add(new ForClause(target, iter, List.copyOf(conditions)));
    }
    if (peek().isKeyword("async")) throw SandboxException.unsupported("'async' at line " + peek().line());
    nesting = depthBefore;
    return new ListComp(element, List.copyOf(clauses), Set.copyOf(locals));
  }
}
