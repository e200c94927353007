package org.reason4j.transformer.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Builds the syntax tree of a template: a recursive-descent parser for Jinja2's statements, with
 * {@link ExprParser} for the expressions inside them. Unknown tags, filters and tests are errors here,
 * with the line and column, before anything renders.
 *
 * <p>Statements: if/elif/else, for (else, filter, unpacking), set (plain, namespace attribute, block),
 * macro, call, filter, with, break/continue, and transformers' {@code generation}. Not supported:
 * include, import, extends, block, recursive loops.
 */
final class Parser {
  private static final Set<String> UNSUPPORTED_TAGS =
      Set.of("include", "import", "from", "extends", "block", "autoescape", "do", "trans", "pluralize");

  private final TokenStream ts;
  private final ExprParser exprs;
  private int loopDepth;
  /** The tag names being looked for and the block that opened them, innermost first (for error messages). */
  private final Deque<String[]> openBlocks = new ArrayDeque<>();

  private Parser(TokenStream ts) {
    this.ts = ts;
    this.exprs = new ExprParser(ts);
  }

  static List<Node> parse(Source src) {
    return new Parser(new TokenStream(src, Lexer.tokenize(src))).body("template");
  }

  private void expectBlockEnd() {
    ts.expect(Token.Type.BLOCK_END, "end of statement block");
  }

  /** The end of a tag that opens a body; Jinja accepts a Python-style colon there ({@code {% if x: %}}). */
  private void expectBodyStart() {
    ts.skipOperator(":");
    expectBlockEnd();
  }

  /** Parses nodes up to (not including) one of {@code endTags}, or to the end of the template. */
  private List<Node> body(String block, String... endTags) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token t = ts.peek();
      switch (t.type()) {
        case TEXT:
          ts.next();
          nodes.add(new Node.Text(t.offset(), t.text()));
          break;
        case VARIABLE_BEGIN:
          ts.next();
          nodes.add(new Node.Output(t.offset(), exprs.tuple(false, true)));
          ts.expect(Token.Type.VARIABLE_END, "end of print statement");
          break;
        case BLOCK_BEGIN:
          ts.next();
          if (ts.peek().is(Token.Type.NAME) && List.of(endTags).contains(ts.peek().text())) return nodes;
          openBlocks.push(withBlock(block, endTags));
          nodes.add(statement());
          openBlocks.pop();
          break;
        case EOF:
          if (endTags.length == 0) return nodes;
          throw ts.fail(t, "unexpected end of template; " + lookingFor(block, endTags));
        default:
          throw ts.fail(t, "unexpected " + t.describe());
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
    Token tag = ts.expect(Token.Type.NAME, "a tag name");
    ts.enter(tag);
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
        if (loopDepth == 0) throw ts.fail(tag, "'" + tag.text() + "' outside loop");
        node = tag.text().equals("break") ? new Node.Break(tag.offset()) : new Node.Continue(tag.offset());
        break;
      default:
        throw unknownTag(tag);
    }
    expectBlockEnd();
    ts.exit();
    return node;
  }

  private TemplateException unknownTag(Token tag) {
    if (UNSUPPORTED_TAGS.contains(tag.text())) {
      return ts.fail(tag, "the '" + tag.text() + "' tag is not supported by this chat-template interpreter");
    }
    String message = "encountered unknown tag '" + tag.text() + "'";
    String[] open = openBlocks.peek();
    if (open != null && open.length > 1) {
      String[] ends = new String[open.length - 1];
      System.arraycopy(open, 1, ends, 0, ends.length);
      message += "; " + lookingFor(open[0], ends);
    }
    return ts.fail(tag, message);
  }

  /** Ends the opening tag, parses the body up to {@code endTag} and consumes that tag's name. */
  private List<Node> closedBody(String block, String endTag) {
    expectBodyStart();
    List<Node> nodes = body(block, endTag);
    ts.next();
    return nodes;
  }

  private Node ifStatement(Token tag) {
    List<Expr> tests = new ArrayList<>();
    List<List<Node>> bodies = new ArrayList<>();
    List<Node> orElse = List.of();
    tests.add(exprs.tuple(false, false));
    expectBodyStart();
    while (true) {
      bodies.add(body("if", "elif", "else", "endif"));
      String end = ts.next().text();
      if (end.equals("elif")) {
        tests.add(exprs.tuple(false, false));
        expectBodyStart();
        continue;
      }
      if (end.equals("else")) orElse = closedBody("if", "endif");
      return new Node.If(tag.offset(), tests, bodies, orElse);
    }
  }

  private Node forStatement(Token tag) {
    Target target = assignTarget(false, "in");
    if (!ts.skipName("in")) throw ts.fail(ts.peek(), "expected 'in', got " + ts.peek().describe());
    Expr iter = exprs.tuple(false, false, "recursive");
    Expr filter = ts.skipName("if") ? exprs.expression(true) : null;
    if (ts.peek().isName("recursive")) throw ts.fail(ts.peek(), "recursive loops are not supported");
    expectBodyStart();
    loopDepth++;
    List<Node> body = body("for", "endfor", "else");
    loopDepth--;
    List<Node> orElse = ts.next().text().equals("else") ? closedBody("for", "endfor") : List.of();
    return new Node.For(tag.offset(), target, iter, filter, body, orElse);
  }

  private Node setStatement(Token tag) {
    Target target = assignTarget(true);
    if (ts.skipOperator("=")) return new Node.Assign(tag.offset(), target, exprs.tuple(false, true));
    List<Expr.Filter> filters = filterChain();
    return new Node.AssignBlock(tag.offset(), target, filters, closedBody("set", "endset"));
  }

  private Node filterStatement(Token tag) {
    List<Expr.Filter> filters = new ArrayList<>();
    filters.add(exprs.filter(null));
    filters.addAll(filterChain());
    return new Node.FilterBlock(tag.offset(), filters, closedBody("filter", "endfilter"));
  }

  private List<Expr.Filter> filterChain() {
    List<Expr.Filter> filters = new ArrayList<>();
    while (ts.skipOperator("|")) filters.add(exprs.filter(null));
    return filters;
  }

  private Node withStatement(Token tag) {
    List<Target> targets = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (!ts.peek().is(Token.Type.BLOCK_END)) {
      if (!targets.isEmpty()) ts.expectOperator(",");
      targets.add(assignTarget(false));
      ts.expectOperator("=");
      values.add(exprs.expression(true));
    }
    return new Node.With(tag.offset(), targets, values, closedBody("with", "endwith"));
  }

  private Node macroStatement(Token tag) {
    String name = ts.expect(Token.Type.NAME, "macro name").text();
    List<Macro.Param> params = signature();
    MacroParts parts = macroBody(name, params, "macro", "endmacro");
    return new Node.MacroDef(tag.offset(), parts.sig(), parts.body());
  }

  private Node callStatement(Token tag) {
    List<Macro.Param> params = ts.peek().isOperator("(") ? signature() : List.of();
    Token at = ts.peek();
    Expr call = exprs.expression(true);
    if (!(call instanceof Expr.Call)) throw ts.fail(at, "expected a macro call after 'call'");
    MacroParts parts = macroBody("caller", params, "call", "endcall");
    return new Node.CallBlock(tag.offset(), (Expr.Call) call, parts.sig(), parts.body());
  }

  private record MacroParts(Macro.Signature sig, List<Node> body) {}

  /** A macro's body: loops outside do not count inside, and mentions of varargs/kwargs are recorded. */
  private MacroParts macroBody(String name, List<Macro.Param> params, String block, String endTag) {
    exprs.beginMacro();
    int outerLoops = loopDepth;
    loopDepth = 0;
    List<Node> body = closedBody(block, endTag);
    loopDepth = outerLoops;
    Set<String> used = exprs.endMacro();
    return new MacroParts(new Macro.Signature(name, params, used.contains("varargs"), used.contains("kwargs")), body);
  }

  /** {@code (a, b=default, ...)}: parameters with defaults must come last. */
  private List<Macro.Param> signature() {
    ts.expectOperator("(");
    List<Macro.Param> params = new ArrayList<>();
    while (!ts.peek().isOperator(")")) {
      if (!params.isEmpty()) ts.expectOperator(",");
      Token name = ts.expect(Token.Type.NAME, "parameter name");
      Expr dflt = ts.skipOperator("=") ? exprs.expression(true) : null;
      if (dflt == null && !params.isEmpty() && params.get(params.size() - 1).defaultValue() != null) {
        throw ts.fail(name, "non-default argument follows default argument");
      }
      params.add(new Macro.Param(name.text(), dflt));
    }
    ts.next();
    return params;
  }

  /** A name, {@code ns.attr} (when allowed) or a tuple of names, as the target of an assignment. */
  private Target assignTarget(boolean withNamespace, String... extraEnd) {
    if (withNamespace && ts.peek().is(Token.Type.NAME) && ts.peek(1).isOperator(".")) {
      String ns = ts.next().text();
      ts.next();
      return new Target.NamespaceAttr(ns, ts.expect(Token.Type.NAME, "attribute name").text());
    }
    Token at = ts.peek();
    return toTarget(exprs.tuple(true, true, extraEnd), at);
  }

  private Target toTarget(Expr e, Token at) {
    if (e instanceof Expr.Name) return new Target.Name(((Expr.Name) e).name());
    if (e instanceof Expr.TupleLit) {
      List<Target> items = new ArrayList<>();
      for (Expr item : ((Expr.TupleLit) e).items()) items.add(toTarget(item, at));
      return new Target.Unpack(items);
    }
    throw ts.fail(at, "can't assign to " + e.getClass().getSimpleName().toLowerCase());
  }
}
