"""Runs small Python programs in CPython and writes what each returns, as the golden file that
rl/src/test/.../PythonSemanticsTest compares the Java interpreter with.

Usage: python3 tools/sandbox/make_semantics_golden.py > rl/src/test/resources/sandbox/semantics_golden.json
Each entry: the program; then either "text" (str() of solution()'s value) and "float" (float() of it,
or null), or "error" (the exception's class name). Made with CPython 3.11.
"""
import json
import math
import random
import sys

EXPRESSIONS = r"""
7/2
7//2
-7//2
7//-2
-7%3
7%-3
7.5//2
-7.5//2
7.5%2
-7.5%2
7.5%-2
10 % 3.5
2**10
2**-1
2**100
(-2)**3
(-2.0)**2
10**20//3
10**20/3
(2**64)/3
1/3
0.1+0.2
0.1*3
1e16
1e-5
123456789.0*1000
1e22
2.5e-7
-0.0
3*1.1
100/3*3
1e308*10
-(-9223372036854775808)
9223372036854775807 + 1
-9223372036854775808 // -1
3 ** 40
(2**64) % 7
-(2**64) // 7
7 & 3
1 << 70
-1 >> 3
~5
True + True
True & False
round(2.5)
round(3.5)
round(-2.5)
round(0.5)
round(2.675, 2)
round(0.125, 2)
round(1234.5678, -2)
round(1250, -2)
round(1350, -2)
round(5)
round(2.5, 0)
round(7.0/3, 3)
int(3.9)
int(-3.9)
int('42')
int(' -7 ')
int('1_000')
int(True)
int(1e20)
float('3.5')
float(' 1e3 ')
float(7)
str(1.0)
str(10**20)
str(1/7)
str(100.0)
str(2.0**70)
str(12345678901234567890.0)
str(1e-7)
str(-1.5e-10)
str(0.0001)
str(123456789012345.6)
str(1234567890123456.7)
str([1.5, 'a', None, True, (1,), {}, "it's", []])
str({'x': [1, 2], 3: (4, 5)})
str(())
abs(-3)
abs(-2.5)
abs(True)
divmod(-7, 2)
divmod(7.5, -2)
pow(2, 10, 1000)
pow(3, -1, 7)
pow(2, 0.5)
max(3, 7, 5)
min([4, 2, 8])
sum([1, 2.5, 3])
sum([0.1] * 10)
sorted([3, 1, 2], reverse=True)
sorted(['b', 'a', 'C'])
len('hello')
list(range(0, 10, 3))
list(range(10, 0, -3))
len(range(1, 100, 7))
[1,2,3][::-1]
'abcdef'[1:4]
'abcdef'[-2:]
[1,2,3,4,5][1:-1:2]
[1,2,3,4,5][10:]
[1,2,3,4,5][::-2]
'hello'[-1]
1 < 2 < 3
1 < 3 < 2
3 == 3.0
2**53 + 1 == 2.0**53
2**53 + 1 > 2.0**53
5 and 0
0 or 'x'
not []
'ab' * 3
[0] * 3
(1,) + (2, 3)
[1, 2] + [3]
{'a': 1, 'b': 2}['b']
{1: 'int'}[1.0]
3 in [1, 2, 3]
'ell' in 'hello'
5 in range(0, 10, 5)
4 not in {4: 1}
[1, 2] < [1, 3]
(1, 2, 3) > (1, 2)
'abc' < 'abd'
None is None
3 if 2 > 1 else 4
list(enumerate('ab'))
list(zip([1, 2, 3], 'xy'))
list(reversed([1, 2, 3]))
dict(a=1, b=2)
{'a': 1}.get('b', 0)
list({'a': 1, 'b': 2}.items())
'a,b,,c'.split(',')
'  x  y '.split()
'-'.join(['a', 'b'])
' hi '.strip()
'Hello'.upper()
'banana'.count('a')
'banana'.replace('a', 'o', 2)
(2.0).is_integer()
(2.5).is_integer()
all([1, 2, 0])
any([0, '', 3])
bool([])
math.sqrt(16)
math.sqrt(2)
math.floor(-2.5)
math.ceil(2.1)
math.trunc(-2.7)
math.pi
math.e
math.factorial(20)
math.factorial(25)
math.comb(10, 3)
math.comb(50, 25)
math.perm(5, 2)
math.gcd(12, 18)
math.lcm(4, 6)
math.log(8, 2)
math.log(125, 5)
math.log(100, 10)
math.log10(1000)
math.log2(8)
math.log2(10)
math.log(10**400)
math.exp(1)
math.isclose(0.1 + 0.2, 0.3)
math.isclose(1, 1.1, rel_tol=0.2)
math.fabs(-3)
math.pow(2, 10)
math.fsum([0.1] * 10)
math.prod([1, 2, 3, 4])
math.isqrt(17)
math.hypot(3, 4)
math.degrees(math.pi)
math.fmod(-7, 3)
math.copysign(2, -0.0)
5 // 0
5 / 0
5.0 % 0
5 % 0
int('3.5')
float('abc')
[1][5]
{}['x']
undefined_name
'a' + 1
'a' < 1
math.sqrt(-1)
math.log(0)
0.0 ** -1
0 ** -1
10.0 ** 400
math.exp(1000)
math.factorial(-1)
int(float('nan'))
int(float('inf'))
round(float('inf'))
len(5)
[1, 2].index(3)
(1, 2)[0] + None
sum(['a', 'b'])
range(0, 10, 0)
max([])
"""

PROGRAMS = [
    # loops, break/continue, else clauses
    "def solution():\n    total = 0\n    for i in range(10):\n        if i % 2 == 0:\n            continue\n        if i > 7:\n            break\n        total += i\n    else:\n        total = -1\n    return total",
    "def solution():\n    n = 0\n    while n < 5:\n        n += 1\n    else:\n        n *= 10\n    return n",
    "def solution():\n    for i in []:\n        pass\n    else:\n        return 'empty'",
    # functions: recursion, defaults, keywords, closures, nested
    "def solution():\n    def fib(n):\n        return n if n < 2 else fib(n - 1) + fib(n - 2)\n    return fib(15)",
    "def solution():\n    def f(a, b=10, c=100):\n        return a + b * 2 + c * 3\n    return f(1, c=2)",
    "def solution():\n    rate = 3\n    def cost(n):\n        return n * rate\n    rate = 5\n    return cost(4)",
    "def helper(x):\n    return x * 2\n\ndef solution():\n    return helper(21)",
    "LIMIT = 7\ndef solution():\n    return LIMIT * 6",
    "def solution():\n    x = 1\n    def g():\n        y = x + 1\n        return y\n    return g()",
    "def solution():\n    x = 5\n    def g():\n        x = x + 1\n        return x\n    return g()",
    # unpacking, comprehensions, aliasing, subscripts
    "def solution():\n    a, b = 3, 4\n    a, b = b, a\n    (c, d), e = [1, 2], 3\n    return a * 1000 + b * 100 + c * 10 + d + e",
    "def solution():\n    return sum([x * x for x in range(10) if x % 3 == 0])",
    "def solution():\n    return sum(x for x in [1.5, 2.5])",
    "def solution():\n    return str([(i, j) for i in range(3) for j in range(i)])",
    "def solution():\n    x = 10\n    ys = [x for x in range(3)]\n    return x + len(ys)",
    "def solution():\n    a = [1, 2]\n    b = a\n    a += [3]\n    return len(b)",
    "def solution():\n    a = [1, 2]\n    b = a\n    a = a + [3]\n    return len(b)",
    "def solution():\n    m = [[0] * 3 for _ in range(2)]\n    m[1][2] += 5\n    return str(m)",
    "def solution():\n    d = {}\n    for w in 'abracadabra':\n        d[w] = d.get(w, 0) + 1\n    return str(d)",
    "def solution():\n    prices = {'apple': 2, 'pear': 3}\n    total = 0\n    for k in prices:\n        total += prices[k]\n    for k, v in prices.items():\n        total += v\n    return total",
    "def solution():\n    items = [('b', 2), ('a', 2), ('c', 1)]\n    def second(p):\n        return p[1]\n    return str(sorted(items, key=second))",
    "def solution():\n    def neg(v):\n        return -v\n    return max([3, 9, 4], key=neg)",
    "def solution():\n    xs = [5, 3, 8]\n    xs.append(1)\n    xs.sort()\n    xs.insert(0, 9)\n    last = xs.pop()\n    return str(xs) + ' ' + str(last)",
    "def solution():\n    s = 0\n    for i, c in enumerate('abc', 1):\n        s += i * len(c)\n    return s",
    # statements on one line, semicolons, continuation, comments, docstrings
    "def solution():\n    \"\"\"A docstring\n    over lines.\"\"\"\n    x = (1 +\n         2)  # comment\n    y = 3; z = 4\n    if x: w = \\\n        5\n    return x + y + z + w",
    "def solution():\n\n    x = 2\n\n    return x",
    "def solution():\n\tx = 3\n\treturn x * 2",
    "def solution() -> float:\n    total: float = 3\n    return total / 2",
    "import math\nfrom math import sqrt, pi as PI\ndef solution():\n    return round(sqrt(2) * PI, 6)",
    "from math import *\ndef solution():\n    return floor(e * 10)",
    "def solution():\n    result = 17\n    assert result > 0, 'positive'\n    return result",
    "def solution():\n    assert 1 > 2, 'no'\n    return 1",
    "def solution():\n    x = [1, 2, 3]\n    x[5] = 0\n    return x",
    "def solution():\n    a, b = [1, 2, 3]\n    return a",
    "def solution():\n    return None",
    "def solution():\n    return [1, 2]",
    "def solution():\n    return 'forty'",
    "def solution():\n    return '42.5'",
    "def solution():\n    return True",
    "def solution():\n    return 10**400",
    "def solution():\n    pass",
    "def solution(x):\n    return x",
    "def solution():\n    return 1\nsolution = 5",
]


def random_expressions(count, seed=20240601):
    """Random arithmetic over ints, big ints and floats, to catch what hand-picked cases miss."""
    rng = random.Random(seed)

    def atom():
        kind = rng.random()
        if kind < 0.4:
            return str(rng.randint(-20, 20))
        if kind < 0.5:
            return "(2**%d %s %d)" % (rng.randint(60, 70), rng.choice("+-"), rng.randint(0, 9))
        if kind < 0.9:
            return repr(round(rng.uniform(-100, 100), rng.randint(0, 3)))
        return rng.choice(["True", "False", "0.0", "-0.0", "1e16", "2.5", "0.5"])

    def expr(depth):
        if depth == 0 or rng.random() < 0.3:
            return atom()
        choice = rng.random()
        if choice < 0.6:
            op = rng.choice(["+", "-", "*", "/", "//", "%", "+", "-", "*"])
            return "(%s %s %s)" % (expr(depth - 1), op, expr(depth - 1))
        if choice < 0.7:
            return "(%s ** %d)" % (expr(depth - 1), rng.randint(0, 4))
        if choice < 0.8:
            return "round(%s, %d)" % (expr(depth - 1), rng.randint(-2, 3))
        if choice < 0.85:
            return "abs(%s)" % expr(depth - 1)
        if choice < 0.9:
            return "int(%s)" % expr(depth - 1)
        if choice < 0.95:
            return "(%s %s %s)" % (expr(depth - 1), rng.choice(["<", "<=", "==", "!=", ">"]), expr(depth - 1))
        return "%s(%s, %s)" % (rng.choice(["min", "max"]), expr(depth - 1), expr(depth - 1))

    return ["str(%s)" % expr(3) for _ in range(count)]


def run(program):
    glob = {"math": math}
    try:
        exec(program, glob)
        value = eval("solution()", glob)
    except Exception as e:  # noqa: BLE001 - any exception is an outcome to record
        return {"error": type(e).__name__}
    try:
        text = str(value)
    except Exception as e:  # noqa: BLE001
        text = None
    try:
        number = float(value)
    except Exception:  # noqa: BLE001
        number = None
    if number is not None and (math.isnan(number) or math.isinf(number)):
        number = str(number)
    return {"text": text, "float": number}


def main():
    cases = []
    for expr in EXPRESSIONS.strip().split("\n") + random_expressions(400):
        cases.append("import math\ndef solution():\n    return " + expr)
    cases.extend(PROGRAMS)
    out = []
    for program in cases:
        entry = {"program": program}
        entry.update(run(program))
        out.append(entry)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
