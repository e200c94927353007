"""Golden renders of small Jinja templates, made with Python Jinja2 configured as transformers does.

Each case is a tiny template (plus variables) exercising one piece of Jinja semantics that chat templates
rely on: whitespace control, trim_blocks/lstrip_blocks, scoping, loops, namespaces, macros, filters,
tests, string methods, Python's number and repr formatting, undefined handling and errors. The output,
transformer/src/test/resources/chat/golden/jinja_semantics.json, holds the expected text or, for cases
that must fail, the Python exception type and message. JinjaSemanticsGoldenTest renders every case with
reason4j's interpreter. Run by hand (needs jinja2 >= 3.1): python3 tools/chat/make_semantics_golden.py
"""
import json
import pathlib

from check_python import compile_like_transformers

OUT = pathlib.Path(__file__).resolve().parent / "../../transformer/src/test/resources/chat/golden/jinja_semantics.json"

MSGS = [
    {"role": "system", "content": "sys"},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello"},
    {"role": "user", "content": "Bye"},
]

CASES = [
    # whitespace control, trim_blocks, lstrip_blocks
    ("trim_blocks_drops_newline_after_block", "{% if true %}\nyes\n{% endif %}\nafter", {}),
    ("trim_blocks_keeps_newline_after_output", "{{ 'a' }}\nb", {}),
    ("lstrip_blocks_indented_tags", "<\n    {% if true %}\n    x\n    {% endif %}\n>", {}),
    ("lstrip_not_for_output_tags", "<\n    {{ 'x' }}\n>", {}),
    ("lstrip_only_at_line_start", "a  {% if true %}b{% endif %}", {}),
    ("minus_strips_both_sides", "a  \n  {%- if true -%}  \n  b  \n  {%- endif -%}  \n  c", {}),
    ("minus_on_output_tags", "x \n {{- 'y' -}} \n z", {}),
    ("plus_disables_lstrip_and_trim", "  {%+ if true +%}\nx\n{% endif %}", {}),
    ("comments_vanish_with_trim", "a\n{# note #}\nb\n  {#- tight -#}  \nc", {}),
    ("comment_with_tags_inside", "{# {{ x }} {% if %} #}ok", {}),
    ("raw_block", "{% raw %}{{ not evaluated }}{% endraw %}", {}),
    ("colon_after_block_tags", "{% for x in [1, 2]: %}{{ x }}{% else: %}e{% endfor %}{% if false: %}y{% elif true: %}n{% endif %}", {}),
    ("unclosed_comment_at_end_is_dropped", "text {#", {}),
    ("trailing_newline_dropped", "line\n", {}),
    ("only_one_trailing_newline_dropped", "line\n\n", {}),
    ("crlf_normalised", "a\r\n{% if true %}\r\nb\r\n{% endif %}\r\n", {}),
    ("indented_template_like_qwen", "{%- for m in messages %}\n    {%- if m.role == 'user' %}\n        {{- '<u>' + m.content }}\n    {%- else %}\n        {{- '<o>' + m.content }}\n    {%- endif %}\n{%- endfor %}\n", {"messages": MSGS}),
    # literals and printing
    ("print_python_values", "{{ none }}|{{ true }}|{{ False }}|{{ [1, 'a', none, true, 1.5] }}|{{ {'a': 1, 'b': [2]} }}|{{ (1,) }}|{{ () }}|{{ (1, 2) }}", {}),
    ("print_floats_like_python", "{{ 1.0 }} {{ 1e16 }} {{ 1e15 }} {{ 1.5e-5 }} {{ 0.0001 }} {{ 123456789.123 }} {{ -0.0 }} {{ 0.1 + 0.2 }} {{ 2.5e300 * 1 }} {{ 1e22 }}", {}),
    ("string_escapes", r"""{{ "a\tb\x41\u00e9\N{BULLET}\q\\" }}|{{ 'it\'s' }}|{{ "say \"hi\"" }}""", {}),
    ("string_repr_quotes", """{{ ["it's", 'say "x"', 'both \\' "', "nl\\n", "\\x01é\\u2028"] }}""", {}),
    ("adjacent_strings_concatenate", "{{ 'a' 'b' \"c\" }}", {}),
    ("integer_literals", "{{ 1_000 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1.5e3 }} {{ 2E-2 }}", {}),
    # arithmetic and operators
    ("arithmetic", "{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 1 / 2 }} {{ 4 / 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }}", {}),
    ("bool_is_int", "{{ true + 1 }} {{ true == 1 }} {{ 1 == 1.0 }} {{ [true] == [1] }}", {}),
    ("concat_and_repeat", "{{ 'a' ~ 1 ~ none ~ true ~ [1] }} {{ 'ab' * 3 }} {{ [1] * 2 }} {{ 2 * 'x' }} {{ 'x' * 0 }} {{ [1, 2] + [3] }}", {}),
    ("string_percent_format", "{{ '%s is %d' % ('x', 3) }} {{ '%5.2f|%-4s|%03d' % (3.14159, 'ab', 7) }} {{ '%s' % [1] }} {{ '100%%' % () }}", {}),
    ("string_percent_mapping_like", "{{ 'abc' % u }}|{{ '%s!' % u }}|{{ 'x' % {'a': 1} }}|{{ '%s' % none }}|{{ '%(a)s-%(b)r' % {'a': 1, 'b': 'q'} }}", {}),
    ("comparisons", "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 'B' < 'a' }} {{ none == none }} {{ 1 != 2 }} {{ (1, 2) == [1, 2] }}", {}),
    ("membership", "{{ 'bc' in 'abc' }} {{ 1 in [1, 2] }} {{ 'a' in {'a': 1} }} {{ 'z' not in {'a': 1} }} {{ 3 not in [1] }} {{ 1.0 in [1] }}", {}),
    ("logic_returns_operands", "{{ 0 or 'x' }} {{ 'a' and 'b' }} {{ '' and 'b' }} {{ none or none }} {{ not 0 }} {{ not [] }} {{ not 'a' }}", {}),
    ("ternary", "{{ 'y' if true else 'n' }} {{ 'y' if false else 'n' }} [{{ 'y' if false }}] {{ 1 if 0 else 2 if 0 else 3 }}", {}),
    ("precedence_filter_binds_tighter", "{{ 'a' + '  b  ' | trim + 'c' }} {{ [1, 2, 3] | length - 1 }} {{ -3 | abs }} {{ not 1 == 2 }}", {}),
    # attribute and item access, slices
    ("attr_and_item_access", "{{ m.role }} {{ m['content'] }} {{ m.missing }}|{{ m['missing'] }}|{{ l[0] }} {{ l[-1] }} {{ l.1 }} [{{ l[10] }}]", {"m": {"role": "user", "content": "c"}, "l": ["a", "b", "c"]}),
    ("slices", "{{ 'abcdef'[1:4] }} {{ 'abcdef'[::-1] }} {{ 'abcdef'[::2] }} {{ l[1:] }} {{ l[:-1] }} {{ l[-2:] }} {{ l[::-1] }} {{ l[5:] }} {{ 'h😀llo'[1] }} {{ 'h😀llo'[::-1] }}", {"l": [1, 2, 3, 4]}),
    ("dict_methods_beat_keys", "{{ d.items() | list }} {{ d['items'] }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('zz', 'dflt') }} {{ d.get('zz') }}", {"d": {"a": 1, "items": "key"}}),
    ("loop_over_dict_and_items", "{% for k in d %}{{ k }};{% endfor %}{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", {"d": {"x": 1, "y": 2}}),
    # scoping
    ("for_scope_does_not_leak", "{% set x = 0 %}{% for i in [1, 2] %}[{{ x }}]{% set x = i %}{{ x }}{% endfor %}{{ x }}", {}),
    ("if_scope_leaks", "{% set x = 0 %}{% if true %}{% set x = 3 %}{% endif %}{{ x }}", {}),
    ("set_in_iteration_not_seen_next_iteration", "{% for i in [1, 2] %}{% if i == 2 %}[{{ y }}]{% endif %}{% set y = i %}{% endfor %}", {}),
    ("namespace_carries_state", "{% set ns = namespace(total=0, names=[]) %}{% for m in messages %}{% set ns.total = ns.total + 1 %}{% set ns.names = ns.names + [m.role] %}{% endfor %}{{ ns.total }} {{ ns.names }} {{ ns }}", {"messages": MSGS}),
    ("namespace_from_dict", "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{{ ns.c }}", {}),
    ("tuple_unpacking", "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% for x, (y, z) in [(1, (2, 3))] %}{{ x }}{{ y }}{{ z }}{% endfor %}", {}),
    ("set_block", "{% set body %}\n  hello {{ name }}\n{% endset %}[{{ body }}]{% set up | upper %}x{% endset %}{{ up }}", {"name": "w"}),
    ("with_block", "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]", {}),
    # loops
    ("loop_variables", "{% for i in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.previtem }}{{ loop.nextitem }}{{ loop.cycle('x', 'y') }};{% endfor %}", {}),
    ("loop_filter_counts_kept_items", "{% for i in range(10) if i is odd %}{{ i }}:{{ loop.index }}/{{ loop.length }}{% if loop.last %}!{% endif %},{% endfor %}", {}),
    ("loop_else", "{% for i in [] %}x{% else %}empty{% endfor %}{% for i in undefined_thing %}x{% else %}undef{% endfor %}", {}),
    ("break_continue", "{% for i in range(10) %}{% if i > 5 %}{% break %}{% endif %}{% if i is even %}{% continue %}{% endif %}{{ i }}{% endfor %}", {}),
    ("nested_loops_inner_loop_wins", "{% for a in [1, 2] %}{% for b in 'xy' %}{{ loop.index }}{{ b }}{% endfor %}{{ loop.index }};{% endfor %}", {}),
    ("range_forms", "{{ range(3) | list }} {{ range(1, 7, 2) | list }} {{ range(5, 0, -2) | list }} {{ range(0) | list }}", {}),
    ("reverse_iteration_like_qwen3", "{% for m in messages[::-1] %}{% set index = (messages | length - 1) - loop.index0 %}{{ index }}{{ m.role[0] }} {% endfor %}", {"messages": MSGS}),
    # macros and call blocks
    ("macro_defaults_and_kwargs", "{% macro m(a, b='B') %}<{{ a }}{{ b }}>{% endmacro %}{{ m(1) }}{{ m(1, b=2) }}{{ m(b=3, a=4) }}{{ m() }}", {}),
    ("macro_varargs_kwargs", "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k='v') }}", {}),
    ("call_block_caller", "{% macro box(title) %}[{{ title }}:{{ caller() }}]{% endmacro %}{% call box('t') %}inner{% endcall %}{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(v) each([1, 2]) %}<{{ v }}>{% endcall %}", {}),
    ("macro_sees_outer_variables", "{% set g = 'G' %}{% macro m() %}{{ g }}{{ messages | length }}{% endmacro %}{{ m() }}", {"messages": MSGS}),
    ("recursive_macro", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * (fact(n - 1) | int) }}{% endif %}{% endmacro %}{{ fact(5) }}", {}),
    ("filter_block", "{% filter upper %}abc {{ 'd' }}{% endfilter %}", {}),
    ("generation_tag", "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}{% else %}{{ m.content }}{% endif %}|{% endfor %}", {"messages": MSGS}),
    # tests
    ("tests_kinds", "{{ 'a' is string }}{{ 1 is number }}{{ true is number }}{{ 1.5 is float }}{{ 1 is integer }}{{ true is integer }}{{ {} is mapping }}{{ [] is sequence }}{{ 'a' is sequence }}{{ {} is iterable }}{{ 1 is iterable }}{{ none is none }}{{ false is false }}{{ 0 is false }}{{ true is true }}{{ true is boolean }}", {}),
    ("tests_defined", "{{ x is defined }}{{ x is undefined }}{{ m.role is defined }}{{ m.zz is defined }}{{ m is not none }}{{ none is not none }}", {"m": {"role": "r"}}),
    ("tests_with_arguments", "{{ 6 is divisibleby 3 }}{{ 7 is divisibleby(3) }}{{ 3 is odd }}{{ 4 is even }}{{ 2 is in [1, 2] }}{{ 'a' is eq 'a' }}{{ 1 is lt 2 }}{{ 3 is ge 3 }}{{ 1 is sameas 1 }}{{ none is sameas none }}", {}),
    ("tests_lower_upper_callable", "{{ 'abc' is lower }}{{ 'ABC' is upper }}{{ 'aB' is lower }}{{ range is callable }}{{ 'x' is callable }}{{ 'upper' is filter }}{{ 'odd' is test }}", {}),
    # filters
    ("filter_trim_and_case", "[{{ '  x \\n' | trim }}][{{ 'xxaxx' | trim('x') }}]{{ 'hello wORLD' | upper }}{{ 'HeLLo' | lower }}{{ 'hello wORLD-foo(bar' | title }}{{ 'hello World' | capitalize }}", {}),
    ("filter_length_and_friends", "{{ 'abc' | length }}{{ [1, 2] | count }}{{ {'a': 1} | length }}{{ 'h😀' | length }}{{ [3, 1, 2] | first }}{{ [3, 1, 2] | last }}{{ 'abc' | first }}{{ [] | first }}|{{ 'abc' | list }}{{ 'abc' | reverse }}{{ [1, 2] | reverse | list }}", {}),
    ("filter_default", "{{ x | default('d') }}{{ none | default('d') }}{{ none | default('d', true) }}{{ '' | default('e', boolean=true) }}{{ 0 | d('z') }}", {}),
    ("filter_join_map_select", "{{ [1, 2, 3] | join(', ') }}|{{ ['a', none, 1] | join }}|{{ users | map(attribute='name') | join(',') }}|{{ users | map(attribute='age', default=0) | list }}|{{ ['a', 'B'] | map('upper') | list }}|{{ users | selectattr('admin') | map(attribute='name') | list }}|{{ users | rejectattr('admin') | map(attribute='name') | list }}|{{ users | selectattr('name', 'equalto', 'bo') | list }}|{{ [0, 1, 2, 3] | select('odd') | list }}|{{ [0, 1, '', 'a'] | select | list }}|{{ [1, 2, 3] | reject('even') | list }}|{{ users | join(', ', attribute='name') }}",
     {"users": [{"name": "al", "admin": True, "age": 3}, {"name": "bo", "admin": False}]}),
    ("filter_sort_unique_minmax", "{{ [3, 1, 2] | sort }}{{ ['b', 'A', 'a'] | sort }}{{ ['b', 'A', 'a'] | sort(case_sensitive=true) }}{{ [3, 1, 2] | sort(reverse=true) }}{{ users | sort(attribute='name') | map(attribute='name') | list }}{{ ['a', 'A', 'b', 'a'] | unique | list }}{{ [3, 1] | min }}{{ [3, 1] | max }}{{ [] | max }}{{ ['b', 'A'] | max }}{{ {'b': 1, 'a': 2} | dictsort }}{{ {'b': 1, 'a': 2} | dictsort(by='value', reverse=true) }}{{ [1, 2.5] | sum }}{{ users | sum(attribute='n') }}",
     {"users": [{"name": "bo", "n": 1}, {"name": "al", "n": 2}]}),
    ("filter_numbers", "{{ '3' | int + 1 }} {{ '3.7' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ 3.9 | int }} {{ ' 12 ' | int }} {{ '1_000' | int }} {{ '0x1A' | int(base=16) }} {{ true | int }} {{ '3.5' | float }} {{ 'x' | float }} {{ 2 | float }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} {{ 3 | round }} {{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(method='floor') }} {{ -3 | abs }} {{ -2.5 | abs }}", {}),
    ("filter_replace_indent_string", "{{ 'aXbXc' | replace('X', '-') }}{{ 'aXbXc' | replace('X', '-', 1) }}|{{ 'a\\nb\\n\\nc' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}|{{ 'x\\n\\ny' | indent(2, blank=true) }}|{{ 'a\\nb' | indent('> ') }}|{{ 1 | string ~ 'x' }}|{{ [1] | string }}|{{ 'a<b>&\"c\\'' | e }}|{{ 'x' | safe }}|{{ 'one two  three' | wordcount }}|{{ '%s-%s' | format(1, 'b') }}", {}),
    ("filter_items_attr", "{{ {'a': 1, 'b': 2} | items | list }}{{ x | items | list }}{{ {'a': 1} | attr('a') }}|{{ 'abc' | attr('upper') is callable }}", {}),
    ("filter_tojson_python_style", "{{ data | tojson }}|{{ data | tojson(indent=2) }}|{{ 'x' | tojson }}|{{ 1.0 | tojson }}|{{ [] | tojson(indent=2) }}|{{ {} | tojson }}|{{ data | tojson(separators=(',', ':')) }}|{{ {'b': 1, 'a': [2, {'c': none}]} | tojson(sort_keys=true) }}|{{ 'é😀' | tojson(ensure_ascii=true) }}|{{ {1: 'int key', 2.5: 'float key', true: 'bool'} | tojson }}|{{ data | tojson(indent='\\t') }}",
     {"data": {"s": "é\n\"q\"\t\u2028\x01", "n": [1, 2.0, 1e20, -0.5, True, None], "nested": {"empty": [], "e": {}}}}),
    # string methods
    ("str_strip_family", "[{{ '  x  '.strip() }}][{{ 'xxaxx'.strip('x') }}][{{ '\\n\\na\\n'.lstrip('\\n') }}][{{ 'a \\n'.rstrip('\\n') }}][{{ '  a'.lstrip() }}][{{ 'ab'.rstrip('') }}]", {}),
    ("str_split_family", "{{ 'a b  c '.split() }}{{ 'a,b,,c'.split(',') }}{{ 'a b c'.split(' ', 1) }}{{ '  a b c  '.split(None, 1) }}{{ 'a,b,c'.rsplit(',', 1) }}{{ 'x</think>y</think>z'.split('</think>')[-1] }}{{ 'l1\\nl2\\r\\nl3'.splitlines() }}", {}),
    ("str_predicates_and_search", "{{ 'abc'.startswith('ab') }}{{ 'abc'.startswith(('x', 'a')) }}{{ 'abc'.endswith('bc') }}{{ 'abcabc'.find('c') }}{{ 'abc'.find('z') }}{{ 'abcabc'.rfind('a') }}{{ 'abcabc'.count('bc') }}{{ '123'.isdigit() }}{{ 'ab'.isalpha() }}{{ '  '.isspace() }}{{ 'AB'.isupper() }}{{ 'ab'.islower() }}", {}),
    ("str_transform_methods", "{{ 'hello wORLD'.title() }}|{{ \"they're bill's\".title() }}|{{ 'hELLO'.capitalize() }}|{{ 'ab'.upper() }}{{ 'AB'.lower() }}|{{ 'a-b-c'.replace('-', '+') }}|{{ 'ab'.replace('', '.') }}|{{ ', '.join(['a', 'b']) }}|{{ '{} and {}'.format(1, 'b') }}|{{ '{0}{name}{0!r}'.format('x', name='N') }}|{{ 'prefix_x'.removeprefix('prefix_') }}", {}),
    # undefined handling
    ("undefined_is_lenient", "[{{ u }}][{{ u | length }}][{{ u | string }}][{{ u | trim }}][{{ u ~ 'a' }}][{{ u is none }}][{{ not u }}][{{ u == u }}][{{ 'a' in u }}][{{ u | list }}][{{ u | join }}]", {}),
    ("missing_key_undefined", "{% for m in messages %}{% if m.tool_calls %}T{% else %}-{% endif %}{% if m.tool_calls is defined %}D{% endif %}{% endfor %}", {"messages": MSGS}),
    # special tokens and messages as transformers passes them
    ("messages_with_bos", "{{ bos_token }}{% for m in messages %}<{{ m['role'] }}>{{ m['content'] | trim }}{% endfor %}{{ eos_token }}", {"messages": MSGS, "bos_token": "<s>", "eos_token": "</s>"}),
    # errors that must be raised, as in Jinja2
    ("err_attribute_of_undefined", "{{ foo.bar }}", {}),
    ("err_attribute_of_missing_key", "{{ d.b.c }}", {"d": {"a": 1}}),
    ("err_item_of_undefined", "{{ foo[0] }}", {}),
    ("err_call_undefined", "{{ foo() }}", {}),
    ("err_add_undefined", "{{ foo + 'x' }}", {}),
    ("err_str_plus_int", "{{ 'a' + 1 }}", {}),
    ("err_percent_unused_argument", "{{ 'abc' % 5 }}", {}),
    ("err_percent_missing_argument", "{{ '%s %s' % (1,) }}", {}),
    ("err_compare_mixed", "{{ 1 < 'a' }}", {}),
    ("err_division_by_zero", "{{ 1 / 0 }}", {}),
    ("err_raise_exception", "{% if messages[0].role != 'user' %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}", {"messages": MSGS}),
    ("err_unsafe_mutation", "{% set l = [1] %}{{ l.append(2) }}", {}),
    ("err_unsafe_dict_update", "{{ d.update({'a': 2}) }}", {"d": {"a": 1}}),
    ("err_tojson_undefined", "{{ foo | tojson }}", {}),
    ("err_iterate_int", "{% for x in 3 %}{% endfor %}", {}),
    ("err_macro_too_many_args", "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}", {}),
    ("err_namespace_assign_non_namespace", "{% set d = {} %}{% set d.x = 1 %}", {}),
    ("err_unpack_count", "{% set a, b = [1, 2, 3] %}", {}),
    ("err_range_too_big", "{{ range(1000000) | length }}", {}),
    ("err_in_string_needs_string", "{{ 1 in 'abc' }}", {}),
    ("err_join_method_needs_strings", "{{ ', '.join([1, 2]) }}", {}),
    ("err_unknown_filter", "{{ x | nosuchfilter }}", {}),
    ("err_unknown_test", "{{ x is nosuchtest }}", {}),
    ("err_unclosed_if", "{% if true %}x", {}),
    ("err_wrong_end_tag", "{% for x in y %}{% endif %}", {}),
    ("err_unknown_tag", "{% frobnicate %}", {}),
    ("err_break_outside_loop", "{% break %}", {}),
    ("err_bad_expression", "{{ 1 + }}", {}),
    ("err_unclosed_comment", "{# never closed", {}),
    ("err_unbalanced_brackets", "{{ [1, 2) }}", {}),
]


def main():
    out = []
    for name, source, variables in CASES:
        case = {"name": name, "template": source, "variables": variables}
        try:
            case["expected"] = compile_like_transformers(source).render(**variables)
        except Exception as e:  # the failure is the expected outcome
            case["error"] = {"type": type(e).__name__, "message": str(e)}
        out.append(case)
    doc = {
        "generator": "tools/chat/make_semantics_golden.py with Python Jinja2 configured as transformers does",
        "cases": out,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(out)} cases ({sum('error' in c for c in out)} expected errors) to {OUT.resolve()}")


if __name__ == "__main__":
    main()
