package org.reason4j.transformer.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The expression half of the parser: Jinja2's grammar and operator precedence, lowest first:
 * {@code x if c else y}, {@code or}, {@code and}, {@code not}, comparisons and {@code in},
 * {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary {@code + -}, then filters {@code |},
 * tests {@code is} and calls, then {@code .attr} and {@code [item]}. Filter and test names are checked
 * here, so an unknown one fails before anything renders. Not supported: {@code *args}/{@code **kwargs}
 * in calls.
 */
final class ExprParser {
  private final TokenStream ts;
  /** Names mentioned inside each macro being parsed, to know whether it takes varargs/kwargs. */
  private final Deque<Set<String>> macroNames = new ArrayDeque<>();

  ExprParser(TokenStream ts) {
    this.ts = ts;
  }

  /** Starts recording the names a macro body mentions. */
  void beginMacro() {
    macroNames.push(new HashSet<>());
  }

  /** Stops recording and returns the names mentioned since the matching {@link #beginMacro}. */
  Set<String> endMacro() {
    return macroNames.pop();
  }

  /** Jinja's parse_tuple: one expression, or a comma-separated tuple without parentheses. */
  Expr tuple(boolean simplified, boolean withCondexpr, String... extraEnd) {
    Token start = ts.peek();
    List<Expr> items = new ArrayList<>();
    boolean isTuple = false;
    while (true) {
      if (!items.isEmpty()) ts.expectOperator(",");
      if (tupleEnd(extraEnd)) break;
      items.add(simplified ? primary() : expression(withCondexpr));
      if (ts.peek().isOperator(",")) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (!items.isEmpty()) return items.get(0);
      throw ts.fail(start, "expected an expression, got " + start.describe());
    }
    return new Expr.TupleLit(start.offset(), items);
  }

  private boolean tupleEnd(String... extraEnd) {
    Token t = ts.peek();
    if (t.is(Token.Type.VARIABLE_END) || t.is(Token.Type.BLOCK_END) || t.isOperator(")")) return true;
    for (String name : extraEnd) if (t.isName(name)) return true;
    return false;
  }

  Expr expression(boolean withCondexpr) {
    Token at = ts.peek();
    ts.enter(at);
    Expr e = withCondexpr ? condExpr() : or();
    ts.exit();
    return e;
  }

  private Expr condExpr() {
    Expr e = or();
    while (ts.peek().isName("if")) {
      Token at = ts.next();
      Expr test = or();
      Expr orElse = null;
      if (ts.skipName("else")) {
        ts.enter(at);
        orElse = condExpr();
        ts.exit();
      }
      e = new Expr.Cond(at.offset(), test, e, orElse);
    }
    return e;
  }

  private Expr or() {
    Expr left = and();
    while (ts.peek().isName("or")) left = new Expr.Logical(ts.next().offset(), false, left, and());
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (ts.peek().isName("and")) left = new Expr.Logical(ts.next().offset(), true, left, not());
    return left;
  }

  private Expr not() {
    if (ts.peek().isName("not")) {
      Token at = ts.next();
      ts.enter(at);
      Expr operand = not();
      ts.exit();
      return new Expr.Unary(at.offset(), Expr.UnaryOp.NOT, operand);
    }
    return compare();
  }

  private Expr compare() {
    Token start = ts.peek();
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
    Token t = ts.peek();
    if (t.is(Token.Type.OPERATOR)) {
      for (Expr.CompareOp op : Expr.CompareOp.values()) {
        if (op.symbol.equals(t.text())) {
          ts.next();
          return op;
        }
      }
      return null;
    }
    if (t.isName("in")) {
      ts.next();
      return Expr.CompareOp.IN;
    }
    if (t.isName("not") && ts.peek(1).isName("in")) {
      ts.next();
      ts.next();
      return Expr.CompareOp.NOT_IN;
    }
    return null;
  }

  private Expr math1() {
    Expr left = concat();
    while (ts.peek().isOperator("+") || ts.peek().isOperator("-")) {
      Token op = ts.next();
      left = new Expr.Binary(op.offset(), op.text().equals("+") ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB, left, concat());
    }
    return left;
  }

  private Expr concat() {
    Expr left = math2();
    while (ts.peek().isOperator("~")) left = new Expr.Binary(ts.next().offset(), Expr.BinaryOp.CONCAT, left, math2());
    return left;
  }

  private Expr math2() {
    Expr left = pow();
    while (true) {
      Token t = ts.peek();
      Expr.BinaryOp op = t.isOperator("*") ? Expr.BinaryOp.MUL : t.isOperator("/") ? Expr.BinaryOp.DIV
          : t.isOperator("//") ? Expr.BinaryOp.FLOORDIV : t.isOperator("%") ? Expr.BinaryOp.MOD : null;
      if (op == null) return left;
      ts.next();
      left = new Expr.Binary(t.offset(), op, left, pow());
    }
  }

  private Expr pow() {
    Expr left = unary(true);
    while (ts.peek().isOperator("**")) left = new Expr.Binary(ts.next().offset(), Expr.BinaryOp.POW, left, unary(true));
    return left;
  }

  private Expr unary(boolean withFilter) {
    Token t = ts.peek();
    Expr node;
    if (t.isOperator("-") || t.isOperator("+")) {
      ts.next();
      ts.enter(t);
      Expr operand = unary(false);
      ts.exit();
      node = new Expr.Unary(t.offset(), t.text().equals("-") ? Expr.UnaryOp.NEG : Expr.UnaryOp.POS, operand);
    } else {
      node = primary();
    }
    node = postfix(node);
    return withFilter ? filterExpr(node) : node;
  }

  private Expr primary() {
    Token t = ts.next();
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
        while (ts.peek().is(Token.Type.STRING)) sb.append((String) ts.next().value());
        return new Expr.Const(t.offset(), sb.toString());
      case INTEGER:
      case FLOAT:
        return new Expr.Const(t.offset(), t.value());
      case OPERATOR:
        if (t.text().equals("(")) {
          if (ts.skipOperator(")")) return new Expr.TupleLit(t.offset(), List.of());
          ts.enter(t);
          Expr inner = tuple(false, true);
          ts.expectOperator(")");
          ts.exit();
          return inner;
        }
        if (t.text().equals("[")) return list(t);
        if (t.text().equals("{")) return dict(t);
        throw ts.fail(t, "unexpected " + t.describe());
      default:
        throw ts.fail(t, "unexpected " + t.describe());
    }
  }

  private Expr list(Token open) {
    ts.enter(open);
    List<Expr> items = new ArrayList<>();
    while (!ts.peek().isOperator("]")) {
      if (!items.isEmpty()) ts.expectOperator(",");
      if (ts.peek().isOperator("]")) break;
      items.add(expression(true));
    }
    ts.next();
    ts.exit();
    return new Expr.ListLit(open.offset(), items);
  }

  private Expr dict(Token open) {
    ts.enter(open);
    List<Expr> keys = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    while (!ts.peek().isOperator("}")) {
      if (!keys.isEmpty()) ts.expectOperator(",");
      if (ts.peek().isOperator("}")) break;
      keys.add(expression(true));
      ts.expectOperator(":");
      values.add(expression(true));
    }
    ts.next();
    ts.exit();
    return new Expr.DictLit(open.offset(), keys, values);
  }

  private Expr postfix(Expr node) {
    while (true) {
      Token t = ts.peek();
      if (t.isOperator(".") || t.isOperator("[")) node = subscript(node);
      else if (t.isOperator("(")) node = call(node);
      else return node;
    }
  }

  private Expr filterExpr(Expr node) {
    while (true) {
      Token t = ts.peek();
      if (t.isOperator("|")) {
        ts.next();
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
    Token t = ts.next();
    if (t.text().equals(".")) {
      Token attr = ts.next();
      if (attr.is(Token.Type.NAME)) return new Expr.GetAttr(attr.offset(), node, attr.text());
      if (attr.is(Token.Type.INTEGER)) {
        return new Expr.GetItem(attr.offset(), node, new Expr.Const(attr.offset(), attr.value()));
      }
      throw ts.fail(attr, "expected name or number after '.', got " + attr.describe());
    }
    List<Expr> args = new ArrayList<>();
    while (!ts.peek().isOperator("]")) {
      if (!args.isEmpty()) ts.expectOperator(",");
      args.add(subscribed());
    }
    ts.next();
    Expr key = args.size() == 1 ? args.get(0) : new Expr.TupleLit(t.offset(), args);
    return new Expr.GetItem(t.offset(), node, key);
  }

  /** One index inside {@code [ ]}: an expression or a slice {@code a:b:c}. */
  private Expr subscribed() {
    Token start = ts.peek();
    Expr lower = null;
    if (!ts.peek().isOperator(":")) {
      lower = expression(true);
      if (!ts.peek().isOperator(":")) return lower;
    }
    ts.next();
    Expr upper = sliceEnd() ? null : expression(true);
    Expr step = null;
    if (ts.skipOperator(":")) step = sliceEnd() ? null : expression(true);
    return new Expr.SliceLit(start.offset(), lower, upper, step);
  }

  private boolean sliceEnd() {
    return ts.peek().isOperator("]") || ts.peek().isOperator(",") || ts.peek().isOperator(":");
  }

  private Expr call(Expr callee) {
    Token open = ts.next();
    ts.enter(open);
    List<Expr> args = new ArrayList<>();
    List<Expr.Kwarg> kwargs = new ArrayList<>();
    callArgs(args, kwargs);
    ts.exit();
    return new Expr.Call(open.offset(), callee, args, kwargs);
  }

  /** Arguments after an opening parenthesis, through the closing one: positional, then {@code name=value}. */
  private void callArgs(List<Expr> args, List<Expr.Kwarg> kwargs) {
    while (!ts.peek().isOperator(")")) {
      if (!args.isEmpty() || !kwargs.isEmpty()) ts.expectOperator(",");
      if (ts.peek().isOperator(")")) break;
      Token t = ts.peek();
      if (t.isOperator("*") || t.isOperator("**")) throw ts.fail(t, "*args and **kwargs in calls are not supported");
      if (t.is(Token.Type.NAME) && ts.peek(1).isOperator("=")) {
        ts.next();
        ts.next();
        kwargs.add(new Expr.Kwarg(t.text(), expression(true)));
      } else {
        if (!kwargs.isEmpty()) throw ts.fail(t, "invalid syntax for function call expression (positional argument after keyword)");
        args.add(expression(true));
      }
    }
    ts.next();
  }

  /** {@code name[(args)]} after a {@code |}; {@code value} is null in filter and set blocks. */
  Expr.Filter filter(Expr value) {
    Token name = ts.expect(Token.Type.NAME, "filter name");
    String full = dottedName(name.text());
    if (!Filters.exists(full)) throw ts.fail(name, "no filter named '" + full + "'");
    List<Expr> args = new ArrayList<>();
    List<Expr.Kwarg> kwargs = new ArrayList<>();
    if (ts.peek().isOperator("(")) {
      ts.next();
      callArgs(args, kwargs);
    }
    return new Expr.Filter(name.offset(), value, full, args, kwargs);
  }

  private Expr test(Expr value) {
    Token is = ts.next();
    boolean negated = ts.skipName("not");
    Token name = ts.expect(Token.Type.NAME, "test name");
    String full = dottedName(name.text());
    if (!Tests.exists(full)) throw ts.fail(name, "no test named '" + full + "'");
    List<Expr> args = new ArrayList<>();
    List<Expr.Kwarg> kwargs = new ArrayList<>();
    Token t = ts.peek();
    if (t.isOperator("(")) {
      ts.next();
      callArgs(args, kwargs);
    } else if (startsBareTestArgument(t)) {
      if (t.isName("is")) throw ts.fail(t, "you cannot chain multiple tests with is");
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
    while (ts.peek().isOperator(".") && ts.peek(1).is(Token.Type.NAME)) {
      ts.next();
      sb.append('.').append(ts.next().text());
    }
    return sb.toString();
  }
}
