package org.reason4j.rl.sandbox;

import java.util.List;
import java.util.Set;

/**
 * The syntax tree of the Python subset: expressions and statements as records.
 *
 * <p>It follows Python's own {@code ast} module where it can, with one deliberate change: a run of
 * left-associative operators of one precedence ({@code a + b - c + ...}) is one flat {@link Binary}
 * node, so that evaluating a long chain is a loop and never a deep Java recursion.
 */
final class Ast {
  private Ast() {}

  enum BinOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), FLOOR_DIV("//"), MOD("%"), POW("**"),
    LSHIFT("<<"), RSHIFT(">>"), BIT_AND("&"), BIT_OR("|"), BIT_XOR("^");

    final String symbol;

    BinOp(String symbol) {
      this.symbol = symbol;
    }
  }

  enum UnaryOp { NEG, POS, INVERT, NOT }

  enum CmpOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), NOT_IN("not in"), IS("is"), IS_NOT("is not");

    final String symbol;

    CmpOp(String symbol) {
      this.symbol = symbol;
    }
  }

  sealed interface Expr permits Const, Name, Binary, Unary, BoolOp, Compare, IfExp, Call, Attribute,
      Subscript, Slice, ListExpr, TupleExpr, DictExpr, ListComp {}

  /** A literal: int ({@code Long} or {@code BigInteger}), float, str, bool or None. */
  record Const(Object value) implements Expr {}

  record Name(String id) implements Expr {}

  /** {@code first ops[0] operands[0] ops[1] operands[1] ...}, evaluated left to right. */
  record Binary(Expr first, List<BinOp> ops, List<Expr> operands) implements Expr {}

  record Unary(UnaryOp op, Expr operand) implements Expr {}

  /** {@code and} (isAnd) or {@code or} over two or more values, short-circuiting. */
  record BoolOp(boolean isAnd, List<Expr> values) implements Expr {}

  /** {@code left op0 c0 op1 c1 ...}: a chained comparison. */
  record Compare(Expr left, List<CmpOp> ops, List<Expr> comparators) implements Expr {}

  record IfExp(Expr test, Expr body, Expr orElse) implements Expr {}

  record Keyword(String name, Expr value) {}

  record Call(Expr func, List<Expr> args, List<Keyword> keywords) implements Expr {}

  record Attribute(Expr value, String attr) implements Expr {}

  record Subscript(Expr value, Expr index) implements Expr {}

  /** {@code lower:upper:step} inside a subscript; absent parts are null. */
  record Slice(Expr lower, Expr upper, Expr step) implements Expr {}

  record ListExpr(List<Expr> elements) implements Expr {}

  record TupleExpr(List<Expr> elements) implements Expr {}

  record DictExpr(List<Expr> keys, List<Expr> values) implements Expr {}

  /** One {@code for target in iter if cond ...} clause of a comprehension. */
  record ForClause(Expr target, Expr iter, List<Expr> conditions) {}

  /**
   * A list comprehension, or a generator expression (evaluated eagerly to a list: the subset has no
   * lazy iterators). {@code locals} are the names its clauses bind, which live in its own scope.
   */
  record ListComp(Expr element, List<ForClause> clauses, Set<String> locals) implements Expr {}

  sealed interface Stmt permits ExprStmt, Assign, AugAssign, Return, Pass, Break, Continue, If, While,
      For, FunctionDef, Import, ImportFrom, Assert, Raise {
    int line();
  }

  record ExprStmt(Expr value, int line) implements Stmt {}

  /** {@code t0 = t1 = ... = value}. */
  record Assign(List<Expr> targets, Expr value, int line) implements Stmt {}

  record AugAssign(Expr target, BinOp op, Expr value, int line) implements Stmt {}

  /** {@code value} is null for a bare {@code return}. */
  record Return(Expr value, int line) implements Stmt {}

  record Pass(int line) implements Stmt {}

  record Break(int line) implements Stmt {}

  record Continue(int line) implements Stmt {}

  record If(Expr test, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {}

  record While(Expr test, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {}

  record For(Expr target, Expr iter, List<Stmt> body, List<Stmt> orElse, int line) implements Stmt {}

  /**
   * {@code def name(params): body}; {@code defaults} belong to the last parameters. {@code locals} are
   * the names the body binds (parameters included): Python treats exactly those as local.
   */
  record FunctionDef(String name, List<String> params, List<Expr> defaults, List<Stmt> body,
      Set<String> locals, int line) implements Stmt {}

  /** {@code import module as alias} for each entry; {@code alias} equals {@code module} when absent. */
  record Alias(String name, String alias) {}

  record Import(List<Alias> modules, int line) implements Stmt {}

  record ImportFrom(String module, List<Alias> names, int line) implements Stmt {}

  record Assert(Expr test, Expr message, int line) implements Stmt {}

  /** {@code raise ...}: the subset has no exception objects, so it only ends the run as an error. */
  record Raise(int line) implements Stmt {}
}
