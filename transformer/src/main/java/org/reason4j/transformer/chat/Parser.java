package org.reason4j.transformer.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the syntax tree from tokens: a recursive-descent parser with Jinja2's grammar and operator
 * precedence (lowest first: {@code x if c else y}, {@code or}, {@code and}, {@code not}, comparisons
 * and {@code in}, {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary {@code + -}, then
 * filters {@code |}, tests {@code is} and calls, then {@code .attr}, {@code [item]}). Unknown filters,
 * tests and tags are errors here, with the line and column, before anything renders.
 *
 * <p>Statements: if/elif/else, for (else, filter, unpacking), set (plain, namespace attribute, block),
 * macro, call, filter, with, break/continue, and transformers' {@code generation}. Not supported:
 * include, import, extends, block, recursive loops, {@code *args}/{@code **kwargs} in calls.
 */
final class Parser {
  /** Deeper nesting is refused rather than risking the Java stack. */
  static final int MAX_NESTING = 200;

  private static final Set<String> UNSUPPORTED_TAGS =
      Set.of("include", "import", "from", "extends", "block", "autoescape", "do", "trans", "pluralize");

  private final Source src;
  private final List<Token> tokens;
  private int pos;
  private int nesting;
  private int loopDepth;
  /** The tag names being looked for and the block that opened them, innermost first (for error messages). */
  private final Deque<String[]> openBlocks = new ArrayDeque<>();
  /** Names mentioned inside each macro being parsed, to know whether it takes varargs/kwargs. */
  private final Deque<Set<String>> macroNames = new ArrayDeque<>();

  private Parser(Source src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  static List<Node> parse(Source src) {
    Parser p = new Parser(src, Lexer.tokenize(src));
    return p.body("template");
  }

  // ------------------------------------------------------------------ token stream

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (pos < tokens.size() - 1) pos++;
    return t;
  }

  private TemplateException fail(Token at, String message) {
    return src.syntaxError(at.offset(), message);
  }

  private Token expect(Token.Type type, String what) {
    Token t = peek();
    if (!t.is(type)) throw fail(t, "expected " + what + ", got " + t.describe());
    return next();
  }

  private void expectOperator(String op) {
    if (!peek().isOperator(op)) throw fail(peek(), "expected '" + op + "', got " + peek().describe());
    next();
  }

  private boolean skipOperator(String op) {
    if (!peek().isOperator(op)) return false;
    next();
    return true;
  }

  private boolean skipName(String name) {
    if (!peek().isName(name)) return false;
    next();
    return true;
  }

  private void expectBlockEnd() {
    expect(Token.Type.BLOCK_END, "end of statement block");
  }

  private void enter(Token at) {
    if (++nesting > MAX_NESTING) throw fail(at, "template nested more than " + MAX_NESTING + " levels deep");
  }

  // ------------------------------------------------------------------ statements

  /** Parses nodes up to (not including) one of {@code endTags}, or to the end of the template. */
  private List<Node> body(String block, String... endTags) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token t = peek();
      switch (t.type()) {
        case TEXT:
          next();
          nodes.add(new Node.Text(t.offset(), t.text()));
          break;
        case VARIABLE_BEGIN:
          next();
          nodes.add(new Node.Output(t.offset(), tuple(false, true)));
          expect(Token.Type.VARIABLE_END, "end of print statement");
          break;
        case BLOCK_BEGIN:
          next();
          if (peek().is(Token.Type.NAME) && List.of(endTags).contains(peek().text())) return nodes;
          openBlocks.push(withBlock(block, endTags));
          nodes.add(statement());
          openBlocks.pop();
          break;
        case EOF:
          if (endTags.length == 0) return nodes;
          throw fail(t, "unexpected end of template; " + lookingFor(block, endTags));
        default:
          throw fail(t, "unexpected " + t.describe());
      }
    }
  }

  private static String[] withBlock(String block, String[] endTags) {
    String[] out = new String[endTags.length + 1];
    out[0] = block;
    System.arraycopy(endTags, 0, out, 1, endTags.length);
    return out;
  }

  private static String lookingFor(String block, String... endTags) {
    return "Jinja was looking for " + String.join(" or ", quoted(endTags)) + " to close the '" + block + "' block";
  }

  private static List<String> quoted(String[] names) {
    List<String> out = new ArrayList<>();
    for (String n : names) out.add("'" + n + "'");
    return out;
  }

  /** One tag after its {@code {%}: dispatches on the tag name and consumes the closing {@code %}}. */
  private Node statement() {
    Token tag = expect(Token.Type.NAME, "a tag name");
    enter(tag);
    Node node;
    switch (tag.text()) {
      case "if": node = ifStatement(tag); break;
      case "for": node = forStatement(tag); break;
      case "set": node = setStatement(tag); break;
      case "macro": node = macroStatement(tag); break;
      case "call": node = callStatement(tag); break;
      case "filter": node = filterStatement(tag); break;
      case "with": node = withStatement(tag); break;
      case "generation": node = new Node.Scoped(tag.offset(), closedBody("generation", "endgeneration")); break;
      case "break":
      case "continue":
        if (loopDepth == 0) throw fail(tag, "'" + tag.text() + "' outside loop");
        node = tag.text().equals("break") ? new Node.Break(tag.offset()) : new Node.Continue(tag.offset());
        break;
      default:
        throw unknownTag(tag);
    }
    expectBlockEnd();
    nesting--;
    return node;
  }

  private TemplateException unknownTag(Token tag) {
    if (UNSUPPORTED_TAGS.contains(tag.text())) {
      return fail(tag, "the '" + tag.text() + "' tag is not supported by this chat-template interpreter");
    }
    String message = "encountered unknown tag '" + tag.text() + "'";
    String[] open = openBlocks.peek();
    if (open != null && open.length > 1) {
      String[] ends = new String[open.length - 1];
      System.arraycopy(open, 1, ends, 0, ends.length);
      message += "; " + lookingFor(open[0], ends);
    }
    return fail(tag, message);
  }

  /** Ends the opening tag, parses the body up to {@code endTag} and consumes that tag's name. */
  private List<Node> closedBody(String block, String endTag) {
    expectBlockEnd();
    List<Node> nodes = body(block, endTag);
    next();
    return nodes;
  }

  private Node ifStatement(Token tag) {
    List<Expr> tests = new ArrayList<>();
    List<List<Node>> bodies = new ArrayList<>();
    List<Node> orElse = List.of();
    tests.add(tuple(false, false));
    expectBlockEnd();
    while (true) {
      bodies.add(body("if", "elif", "else", "endif"));
      String end = next().text();
      if (end.equals("elif")) {
        tests.add(tuple(false, false));
        expectBlockEnd();
        continue;
      }
      if (end.equals("else")) orElse = closedBody("if", "endif");
      return new Node.If(tag.offset(), tests, bodies, orElse);
    }
  }

  private Node forStatement(Token tag) {
    Target target = assignTarget(false, "in");
    if (!skipName("in")) throw fail(peek(), "expected 'in', got " + peek().describe());
    Expr iter = tuple(false, false, "recursive");
    Expr filter = skipName("if") ? expression(true) : null;
    if (peek().isName("recursive")) throw fail(peek(), "recursive loops are not supported");
    expectBlockEnd();
    loopDepth++;
    List<Node> body = body("for", "endfor", "else");
    loopDepth--;
    List<Node> orElse = next().text().equals("else") ? closedBody("for", "endfor") : List.of();
    return new Node.For(tag.offset(), target, iter, filter, body, orElse);
  }

  private Node setStatement(Token tag) {
    Target target = assignTarget(true);
    if (skipOperator("=")) return new Node.Assign(tag.offset(), target, tuple(false, true));
    List<Expr.Filter> filters = filterChain();
    return new Node.AssignBlock(tag.offset(), target, filters, closedBody("set", "endset"));
  }

  private Node filterStatement(Token tag) {
    List<Expr.Filter> filters = new ArrayList<>();
    filters.add(filter(null));
    filters.addAll(filterChain());
    return new Node.FilterBlock(tag.offset(), filters, closedBody("filter", "endfilter"));
  }

  private List<Expr.Filter> filterChain() {
    List<Expr.Filter> filters = new ArrayList<>();
    while (skipOperator("|")) filters.add(filter(null));
    return filters;
  }

  private Node withStatement(Token tag) {
    List<Target> targets = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (!peek().is(Token.Type.BLOCK_END)) {
      if (!targets.isEmpty()) expectOperator(",");
      targets.add(assignTarget(false));
      expectOperator("=");
      values.add(expression(true));
    }
    return new Node.With(tag.offset(), targets, values, closedBody("with", "endwith"));
  }

  private Node macroStatement(Token tag) {
    String name = expect(Token.Type.NAME, "macro name").text();
    List<Macro.Param> params = signature();
    MacroParts parts = macroBody(name, params, "macro", "endmacro");
    return new Node.MacroDef(tag.offset(), parts.sig(), parts.body());
  }

  private Node callStatement(Token tag) {
    List<Macro.Param> params = peek().isOperator("(") ? signature() : List.of();
    Token at = peek();
    Expr call = expression(true);
    if (!(call instanceof Expr.Call)) throw fail(at, "expected a macro call after 'call'");
    MacroParts parts = macroBody("caller", params, "call", "endcall");
    return new Node.CallBlock(tag.offset(), (Expr.Call) call, parts.sig(), parts.body());
  }

  private record MacroParts(Macro.Signature sig, List<Node> body) {}

  /** A macro's body: loops outside do not count inside, and mentions of varargs/kwargs are recorded. */
  private MacroParts macroBody(String name, List<Macro.Param> params, String block, String endTag) {
    macroNames.push(new HashSet<>());
    int outerLoops = loopDepth;
    loopDepth = 0;
    List<Node> body = closedBody(block, endTag);
    loopDepth = outerLoops;
    Set<String> used = macroNames.pop();
    return new MacroParts(new Macro.Signature(name, params, used.contains("varargs"), used.contains("kwargs")), body);
  }

  /** {@code (a, b=default, ...)}: parameters with defaults must come last. */
  private List<Macro.Param> signature() {
    expectOperator("(");
    List<Macro.Param> params = new ArrayList<>();
    while (!peek().isOperator(")")) {
      if (!params.isEmpty()) expectOperator(",");
      Token name = expect(Token.Type.NAME, "parameter name");
      Expr dflt = skipOperator("=") ? expression(true) : null;
      if (dflt == null && !params.isEmpty() && params.get(params.size() - 1).defaultValue() != null) {
        throw fail(name, "non-default argument follows default argument");
      }
      params.add(new Macro.Param(name.text(), dflt));
    }
    next();
    return params;
  }

  /** A name, {@code ns.attr} (when allowed) or a tuple of names, as the target of an assignment. */
  private Target assignTarget(boolean withNamespace, String... extraEnd) {
    if (withNamespace && peek().is(Token.Type.NAME) && peek(1).isOperator(".")) {
      String ns = next().text();
      next();
      return new Target.NamespaceAttr(ns, expect(Token.Type.NAME, "attribute name").text());
    }
    Token at = peek();
    return toTarget(tuple(true, true, extraEnd), at);
  }

  private Target toTarget(Expr e, Token at) {
    if (e instanceof Expr.Name) return new Target.Name(((Expr.Name) e).name());
    if (e instanceof Expr.TupleLit) {
      List<Target> items = new ArrayList<>();
      for (Expr item : ((Expr.TupleLit) e).items()) items.add(toTarget(item, at));
      return new Target.Unpack(items);
    }
    throw fail(at, "can't assign to " + e.getClass().getSimpleName().toLowerCase());
  }

  // ------------------------------------------------------------------ expressions

  /** Jinja's parse_tuple: one expression, or a comma-separated tuple without parentheses. */
  private Expr tuple(boolean simplified, boolean withCondexpr, String... extraEnd) {
    Token start = peek();
    List<Expr> items = new ArrayList<>();
    boolean isTuple = false;
    while (true) {
      if (!items.isEmpty()) expectOperator(",");
      if (tupleEnd(extraEnd)) break;
      items.add(simplified ? primary() : expression(withCondexpr));
      if (peek().isOperator(",")) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (!items.isEmpty()) return items.get(0);
      throw fail(start, "expected an expression, got " + start.describe());
    }
    return new Expr.TupleLit(start.offset(), items);
  }

  private boolean tupleEnd(String... extraEnd) {
    Token t = peek();
    if (t.is(Token.Type.VARIABLE_END) || t.is(Token.Type.BLOCK_END) || t.isOperator(")")) return true;
    for (String name : extraEnd) if (t.isName(name)) return true;
    return false;
  }

  private Expr expression(boolean withCondexpr) {
    Token at = peek();
    enter(at);
    Expr e = withCondexpr ? condExpr() : or();
    nesting--;
    return e;
  }

  private Expr condExpr() {
    Expr e = or();
    while (peek().isName("if")) {
      Token at = next();
      Expr test = or();
      Expr orElse = null;
      if (skipName("else")) {
        enter(at);
        orElse = condExpr();
        nesting--;
      }
      e = new Expr.Cond(at.offset(), test, e, orElse);
    }
    return e;
  }

  private Expr or() {
    Expr left = and();
    while (peek().isName("or")) left = new Expr.Logical(next().offset(), false, left, and());
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (peek().isName("and")) left = new Expr.Logical(next().offset(), true, left, not());
    return left;
  }

  private Expr not() {
    if (peek().isName("not")) {
      Token at = next();
      enter(at);
      Expr operand = not();
      nesting--;
      return new Expr.Unary(at.offset(), Expr.UnaryOp.NOT, operand);
    }
    return compare();
  }

  private Expr compare() {
    Token start = peek();
    Expr first = math1();
    List<Expr.CompareOp> ops = new ArrayList<>();
    List<Expr> rest = new ArrayList<>();
    while (true) {
      Expr.CompareOp op = compareOp();
      if (op == null) break;
      ops.add(op);
      rest.add(math1());
    }
    return ops.isEmpty() ? first : new Expr.Compare(start.offset(), first, ops, rest);
  }

  private Expr.CompareOp compareOp() {
    Token t = peek();
    if (t.is(Token.Type.OPERATOR)) {
      for (Expr.CompareOp op : Expr.CompareOp.values()) {
        if (op.symbol.equals(t.text())) {
          next();
          return op;
        }
      }
      return null;
    }
    if (t.isName("in")) {
      next();
      return Expr.CompareOp.IN;
    }
    if (t.isName("not") && peek(1).isName("in")) {
      next();
      next();
      return Expr.CompareOp.NOT_IN;
    }
    return null;
  }

  private Expr math1() {
    Expr left = concat();
    while (peek().isOperator("+") || peek().isOperator("-")) {
      Token op = next();
      left = new Expr.Binary(op.offset(), op.text().equals("+") ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB, left, concat());
    }
    return left;
  }

  private Expr concat() {
    Expr left = math2();
    while (peek().isOperator("~")) left = new Expr.Binary(next().offset(), Expr.BinaryOp.CONCAT, left, math2());
    return left;
  }

  private Expr math2() {
    Expr left = pow();
    while (true) {
      Token t = peek();
      Expr.BinaryOp op = t.isOperator("*") ? Expr.BinaryOp.MUL : t.isOperator("/") ? Expr.BinaryOp.DIV
          : t.isOperator("//") ? Expr.BinaryOp.FLOORDIV : t.isOperator("%") ? Expr.BinaryOp.MOD : null;
      if (op == null) return left;
      next();
      left = new Expr.Binary(t.offset(), op, left, pow());
    }
  }

  private Expr pow() {
    Expr left = unary(true);
    while (peek().isOperator("**")) left = new Expr.Binary(next().offset(), Expr.BinaryOp.POW, left, unary(true));
    return left;
  }

  private Expr unary(boolean withFilter) {
    Token t = peek();
    Expr node;
    if (t.isOperator("-") || t.isOperator("+")) {
      next();
      enter(t);
      Expr operand = unary(false);
      nesting--;
      node = new Expr.Unary(t.offset(), t.text().equals("-") ? Expr.UnaryOp.NEG : Expr.UnaryOp.POS, operand);
    } else {
      node = primary();
    }
    node = postfix(node);
    return withFilter ? filterExpr(node) : node;
  }

  private Expr primary() {
    Token t = next();
    switch (t.type()) {
      case NAME:
        switch (t.text()) {
          case "true": case "True": return new Expr.Const(t.offset(), true);
          case "false": case "False": return new Expr.Const(t.offset(), false);
          case "none": case "None": return new Expr.Const(t.offset(), null);
          default:
            if (!macroNames.isEmpty()) macroNames.peek().add(t.text());
            return new Expr.Name(t.offset(), t.text());
        }
      case STRING:
        StringBuilder sb = new StringBuilder((String) t.value());
        while (peek().is(Token.Type.STRING)) sb.append((String) next().value());
        return new Expr.Const(t.offset(), sb.toString());
      case INTEGER:
      case FLOAT:
        return new Expr.Const(t.offset(), t.value());
      case OPERATOR:
        if (t.text().equals("(")) {
          if (skipOperator(")")) return new Expr.TupleLit(t.offset(), List.of());
          enter(t);
          Expr inner = tuple(false, true);
          expectOperator(")");
          nesting--;
          return inner;
        }
        if (t.text().equals("[")) return list(t);
        if (t.text().equals("{")) return dict(t);
        throw fail(t, "unexpected " + t.describe());
      default:
        throw fail(t, "unexpected " + t.describe());
    }
  }

  private Expr list(Token open) {
    enter(open);
    List<Expr> items = new ArrayList<>();
    while (!peek().isOperator("]")) {
      if (!items.isEmpty()) expectOperator(",");
      if (peek().isOperator("]")) break;
      items.add(expression(true));
    }
    next();
    nesting--;
    return new Expr.ListLit(open.offset(), items);
  }

  private Expr dict(Token open) {
    enter(open);
    List<Expr> keys = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (!peek().isOperator("}")) {
      if (!keys.isEmpty()) expectOperator(",");
      if (peek().isOperator("}")) break;
      keys.add(expression(true));
      expectOperator(":");
      values.add(expression(true));
    }
    next();
    nesting--;
    return new Expr.DictLit(open.offset(), keys, values);
  }

  private Expr postfix(Expr node) {
    while (true) {
      Token t = peek();
      if (t.isOperator(".") || t.isOperator("[")) node = subscript(node);
      else if (t.isOperator("(")) node = call(node);
      else return node;
    }
  }

  private Expr filterExpr(Expr node) {
    while (true) {
      Token t = peek();
      if (t.isOperator("|")) {
        next();
        node = filter(node);
      } else if (t.isName("is")) {
        node = test(node);
      } else if (t.isOperator("(")) {
        node = call(node);
      } else {
        return node;
      }
    }
  }

  private Expr subscript(Expr node) {
    Token t = next();
    if (t.text().equals(".")) {
      Token attr = next();
      if (attr.is(Token.Type.NAME)) return new Expr.GetAttr(attr.offset(), node, attr.text());
      if (attr.is(Token.Type.INTEGER)) {
        return new Expr.GetItem(attr.offset(), node, new Expr.Const(attr.offset(), attr.value()));
      }
      throw fail(attr, "expected name or number after '.', got " + attr.describe());
    }
    List<Expr> args = new ArrayList<>();
    while (!peek().isOperator("]")) {
      if (!args.isEmpty()) expectOperator(",");
      args.add(subscribed());
    }
    next();
    Expr key = args.size() == 1 ? args.get(0) : new Expr.TupleLit(t.offset(), args);
    return new Expr.GetItem(t.offset(), node, key);
  }

  /** One index inside {@code [ ]}: an expression or a slice {@code a:b:c}. */
  private Expr subscribed() {
    Token start = peek();
    Expr lower = null;
    if (!peek().isOperator(":")) {
      lower = expression(true);
      if (!peek().isOperator(":")) return lower;
    }
    next();
    Expr upper = sliceEnd() ? null : expression(true);
    Expr step = null;
    if (skipOperator(":")) step = sliceEnd() ? null : expression(true);
    return new Expr.SliceLit(start.offset(), lower, upper, step);
  }

  private boolean sliceEnd() {
    return peek().isOperator("]") || peek().isOperator(",") || peek().isOperator(":");
  }

  private Expr call(Expr callee) {
    Token open = next();
    enter(open);
    List<Expr> args = new ArrayList<>();
    List<Expr.Kwarg> kwargs = new ArrayList<>();
    callArgs(args, kwargs);
    nesting--;
    return new Expr.Call(open.offset(), callee, args, kwargs);
  }

  /** Arguments after an opening parenthesis, through the closing one: positional, then {@code name=value}. */
  private void callArgs(List<Expr> args, List<Expr.Kwarg> kwargs) {
    while (!peek().isOperator(")")) {
      if (!args.isEmpty() || !kwargs.isEmpty()) expectOperator(",");
      if (peek().isOperator(")")) break;
      Token t = peek();
      if (t.isOperator("*") || t.isOperator("**")) throw fail(t, "*args and **kwargs in calls are not supported");
      if (t.is(Token.Type.NAME) && peek(1).isOperator("=")) {
        next();
        next();
        kwargs.add(new Expr.Kwarg(t.text(), expression(true)));
      } else {
        if (!kwargs.isEmpty()) throw fail(t, "invalid syntax for function call expression (positional argument after keyword)");
        args.add(expression(true));
      }
    }
    next();
  }

  /** {@code name[(args)]} after a {@code |}; {@code value} is null in filter and set blocks. */
  private Expr.Filter filter(Expr value) {
    Token name = expect(Token.Type.NAME, "filter name");
    String full = dottedName(name.text());
    if (!Filters.exists(full)) throw fail(name, "no filter named '" + full + "'");
    List<Expr> args = new ArrayList<>();
    List<Expr.Kwarg> kwargs = new ArrayList<>();
    if (peek().isOperator("(")) {
      next();
      callArgs(args, kwargs);
    }
    return new Expr.Filter(name.offset(), value, full, args, kwargs);
  }

  private Expr test(Expr value) {
    Token is = next();
    boolean negated = skipName("not");
    Token name = expect(Token.Type.NAME, "test name");
    String full = dottedName(name.text());
    if (!Tests.exists(full)) throw fail(name, "no test named '" + full + "'");
    List<Expr> args = new ArrayList<>();
    List<Expr.Kwarg> kwargs = new ArrayList<>();
    Token t = peek();
    if (t.isOperator("(")) {
      next();
      callArgs(args, kwargs);
    } else if (startsBareTestArgument(t)) {
      if (t.isName("is")) throw fail(t, "you cannot chain multiple tests with is");
      args.add(postfix(primary()));
    }
    Expr test = new Expr.Test(name.offset(), value, full, args, kwargs);
    return negated ? new Expr.Unary(is.offset(), Expr.UnaryOp.NOT, test) : test;
  }

  /** Jinja allows one argument without parentheses: {@code n is divisibleby 3}. */
  private static boolean startsBareTestArgument(Token t) {
    boolean starts = t.is(Token.Type.NAME) || t.is(Token.Type.STRING) || t.is(Token.Type.INTEGER)
        || t.is(Token.Type.FLOAT) || t.isOperator("[") || t.isOperator("{");
    return starts && !t.isName("else") && !t.isName("or") && !t.isName("and");
  }

  private String dottedName(String first) {
    StringBuilder sb = new StringBuilder(first);
    while (peek().isOperator(".") && peek(1).is(Token.Type.NAME)) {
      next();
      sb.append('.').append(next().text());
    }
    return sb.toString();
  }
}
