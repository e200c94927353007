package org.reason4j.rl.sandbox;

import java.util.List;
import java.util.Set;
import org.reason4j.rl.sandbox.Ast.*;

/**
 * Python's rule for which names are local to a function: those the body binds by assignment,
 * {@code for}, {@code def} or {@code import}, wherever in the body (nested functions and
 * comprehensions have their own scopes and are not entered). Reading such a name before it is bound
 * is an UnboundLocalError, as in Python.
 */
final class Scopes {
  private Scopes() {}

  static void collectBindings(List<Stmt> body, Set<String> out) {
    for (Stmt s : body) {
      if (s instanceof Assign a) {
        a.targets().forEach(t -> collectTargetNames(t, out));
      } else if (s instanceof AugAssign a) {
        collectTargetNames(a.target(), out);
      } else if (s instanceof For f) {
        collectTargetNames(f.target(), out);
        collectBindings(f.body(), out);
        collectBindings(f.orElse(), out);
      } else if (s instanceof While w) {
        collectBindings(w.body(), out);
        collectBindings(w.orElse(), out);
      } else if (s instanceof If i) {
        collectBindings(i.body(), out);
        collectBindings(i.orElse(), out);
      } else if (s instanceof FunctionDef d) {
        out.add(d.name());
      } else if (s instanceof Import im) {
        im.modules().forEach(a -> out.add(a.alias()));
      } else if (s instanceof ImportFrom im) {
        im.names().forEach(a -> out.add(a.alias()));
      }
    }
  }

  /** Names bound by an assignment target; subscripts bind nothing. */
  static void collectTargetNames(Expr target, Set<String> out) {
    if (target instanceof Name n) out.add(n.id());
    else if (target instanceof TupleExpr t) t.elements().forEach(e -> collectTargetNames(e, out));
    else if (target instanceof ListExpr l) l.elements().forEach(e -> collectTargetNames(e, out));
  }
}
