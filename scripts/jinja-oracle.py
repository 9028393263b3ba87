#!/usr/bin/env python3
"""Renders the Jinja target's test cases with Python's jinja2 and writes the fixture.

Usage: scripts/jinja-oracle.py  (writes Tests/JinjaTests/Fixtures/cases.json)

Ansible's own filter and test plugins (ansible-core must be importable) are registered
into a plain jinja2 Environment, so the fixture records what real Ansible computes rather
than a reimplementation of it.
"""
import json
import os

os.environ.setdefault("ANSIBLE_DEPRECATION_WARNINGS", "False")

import jinja2
from ansible.plugins.filter.core import FilterModule as CoreFilters
from ansible.plugins.filter.mathstuff import FilterModule as MathFilters
from ansible.plugins.test.core import TestModule as CoreTests
from ansible.plugins.test.files import TestModule as FileTests
from ansible.plugins.test.mathstuff import TestModule as MathTests

# ---- Ansible filters and tests ------------------------------------------------------------

# Ansible (2.19+) replaces these Jinja2 built-ins with wrappers that only work inside its
# own templar (they look for Ansible's undefined markers and lazy containers); in a plain
# Environment with StrictUndefined they raise before running. Jinja2's originals are what
# those wrappers delegate to, so they are kept.
NEEDS_ANSIBLE_TEMPLAR = {"default", "d", "map", "select", "reject", "selectattr", "rejectattr", "groupby"}


def f_mandatory(a, msg=None):
    """Hand-written: Ansible's mandatory receives its undefined marker only from its own
    templar; under plain StrictUndefined the argument raises before the filter runs."""
    if isinstance(a, jinja2.Undefined):
        raise jinja2.UndefinedError(msg or "mandatory variable not defined")
    return a


def ansible_filters():
    filters = {}
    for module in (CoreFilters, MathFilters):
        filters.update(module().filters())
    for name in NEEDS_ANSIBLE_TEMPLAR:
        filters.pop(name, None)
    filters["mandatory"] = f_mandatory
    return filters


def ansible_tests():
    tests = {}
    for module in (CoreTests, MathTests, FileTests):
        tests.update(module().tests())
    return tests


# ---- the cases -----------------------------------------------------------------------------

BASE = {
    "name": "world", "n": 5, "neg": -7, "f": 2.5, "items": [3, 1, 2],
    "words": ["b", "A", "c", "a"], "d": {"b": 2, "a": 1, "c": 3},
    "users": [
        {"name": "bob", "age": 30, "admin": True},
        {"name": "alice", "age": 25, "admin": False},
        {"name": "carol", "age": 35, "admin": True},
    ],
    "empty": [], "nothing": None, "yes": True, "no": False, "s": "Hello World",
    "csv": "a,b,,c", "nested": {"x": {"y": {"z": 1}}},
    "res_ok": {"changed": True, "failed": False}, "res_fail": {"failed": True, "changed": False},
    "res_skip": {"skipped": True, "changed": False}, "path": "/etc/nginx/nginx.conf",
    "ver": "1.10.2", "q": "it's", "json_s": '{"a": [1, 2], "b": null, "c": "x"}',
    "text": "  padded  ", "mixed": [1, "two", 3.0, None, True], "pairs": [["a", 1], ["b", 2]],
    "lines": "one\ntwo\nthree", "zero": 0, "big": 10**15, "ports": [80, 443, 8080],
}

CASES = r"""
plain text
Hello {{ name }}!
{{ n }}
{{ neg }}
{{ f }}
{{ items }}
{{ words }}
{{ d }}
{{ users[0] }}
{{ nothing }}
{{ yes }} {{ no }}
{{ empty }}
{{ mixed }}
{{ q }}
{{ [q] }}
{{ ['say "hi"'] }}
{{ ["both ' and \""] }}
{{ ['tab\there'] }}
{{ ['new\nline'] }}
{{ ['back\\slash'] }}
{{ 'single' }} {{ "double" }}
{{ 'it\'s' }}
{{ "a\tb" }}
{{ "unicode \u00e9" }}
{{ 'adjacent' 'strings' }}
{{ 42 }}
{{ -3 }}
{{ 1_000 }}
{{ 1.0 }}
{{ 0.1 }}
{{ 1.5e3 }}
{{ 1e20 }}
{{ 1e16 }}
{{ 1e15 }}
{{ 0.0001 }}
{{ 0.00001 }}
{{ 123456789.123 }}
{{ 1/3 }}
{{ 2/3 }}
{{ 10/4 }}
{{ 10/5 }}
{{ 0.1 + 0.2 }}
{{ 1e-7 }}
{{ -0.0 }}
{{ 3.14159 }}
{{ [1.0, 2.5, 1e100] }}
{{ true }} {{ True }} {{ false }} {{ False }}
{{ none }} {{ None }}
{{ [1, 'a', none, true] }}
{{ {'a': 1, 'b': [1, 2]} }}
{{ {} }}
{{ [] }}
{{ (1, 2) | list }}
{{ {'k': {'n': 'v'}} }}
{{ 1 + 2 }}
{{ 7 - 10 }}
{{ 3 * 4 }}
{{ 7 / 2 }}
{{ 7 // 2 }}
{{ -7 // 2 }}
{{ 7 // -2 }}
{{ 7 % 3 }}
{{ -7 % 3 }}
{{ 7 % -3 }}
{{ -7 % -3 }}
{{ 7.5 // 2 }}
{{ -7.5 % 2 }}
{{ 2 ** 10 }}
{{ 2 ** -1 }}
{{ 2.0 ** 3 }}
{{ -2 ** 2 }}
{{ 2 ** 3 ** 2 }}
{{ 1 + 2 * 3 }}
{{ (1 + 2) * 3 }}
{{ 10 - 2 - 3 }}
{{ 1 + 2.5 }}
{{ true + 1 }}
{{ 'ab' + 'cd' }}
{{ 'ab' * 3 }}
{{ [1] + [2, 3] }}
{{ [0] * 3 }}
{{ 'a' ~ 1 ~ 2.5 ~ none ~ true }}
{{ n ~ '%' }}
{{ 1 + 2 ~ 3 }}
{{ 'x' ~ [1, 2] }}
{{ 1 / 0 }}
{{ 1 // 0 }}
{{ 5 % 0 }}
{{ 'a' + 1 }}
{{ 'a' - 'b' }}
{{ n + neg }}
{{ -n }}
{{ +n }}
{{ - -n }}
{{ 1 == 1 }} {{ 1 == 1.0 }} {{ 1 == true }} {{ 'a' == 'a' }} {{ 1 != 2 }}
{{ 1 < 2 }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ 4 >= 4 }}
{{ 'abc' < 'abd' }} {{ 'B' < 'a' }}
{{ [1, 2] < [1, 3] }} {{ [1, 2] == [1, 2] }}
{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}
{{ 1 < 'a' }}
{{ none == none }} {{ none == 0 }}
{{ {'a': 1} == {'a': 1} }}
{{ 'ell' in s }} {{ 'x' in s }} {{ 2 in items }} {{ 'a' in d }} {{ 'z' not in d }}
{{ 1 in 'abc' }}
{{ true and 'x' }}
{{ 0 and 'x' }}
{{ '' or 'fallback' }}
{{ 'first' or 'second' }}
{{ none or 0 }}
{{ not true }} {{ not 0 }} {{ not '' }} {{ not [] }} {{ not [0] }}
{{ not 1 == 2 }}
{{ true or undefined_var }}
{{ false and undefined_var }}
{{ [] or {} or 0 }}
{{ 1 and 2 and 3 }}
{{ 'yes' if yes else 'no' }}
{{ 'yes' if no else 'no' }}
{{ 'a' if 0 else 'b' if 1 else 'c' }}
{{ ('y' if no) is defined }}
[{{ 'y' if no }}]
{{ d.a }} {{ d['b'] }} {{ d["c"] }}
{{ nested.x.y.z }} {{ nested['x']['y'].z }}
{{ items[0] }} {{ items[-1] }} {{ items.1 }}
{{ users[1].name }}
{{ s[0] }} {{ s[-1] }}
{{ items[1:] }} {{ items[:2] }} {{ items[::-1] }} {{ items[-2:] }}
{{ s[0:5] }} {{ s[::2] }} {{ s[6:] }}
{{ items[10:] }}
{{ [1,2,3,4,5][1:4:2] }}
{{ items[5] }}
{{ d.zzz }}
{{ d.zzz.y }}
{{ nested.x.q.r }}
{{ undefined_var }}
{{ undefined_var.attr }}
{{ undefined_var + 1 }}
{{ undefined_var == 1 }}
{{ 'a' ~ undefined_var }}
{% for x in undefined_var %}{{ x }}{% endfor %}
{% if undefined_var %}yes{% endif %}
{{ undefined_var is defined }}
{{ undefined_var is undefined }}
{{ undefined_var is not defined }}
{{ d.zzz is defined }} {{ d.a is defined }}
{{ items[9] is defined }}
{{ undefined_var | default('dflt') }}
{{ undefined_var | d('short') }}
{{ undefined_var | default }}
{{ nothing | default('x') }}
{{ '' | default('x') }}
{{ '' | default('x', true) }}
{{ nothing | default('x', true) }}
{{ d.zzz | default(42) }}
{{ undefined_var | default(undefined_var2 | default('deep')) }}
{{ undefined_var | default(omit_me) }}
{{ undefined_var | upper }}
{{ undefined_var | length }}
{{ undefined_var | mandatory }}
{{ n | mandatory }}
{{ s.lower() }} {{ s.upper() }}
{{ s.split() }}
{{ csv.split(',') }}
{{ 'a b  c'.split(' ') }}
{{ 'a,b,c'.split(',', 1) }}
{{ s.startswith('Hell') }} {{ s.endswith('x') }}
{{ s.startswith(('x', 'He')) }}
{{ text.strip() }}|{{ text.lstrip() }}|{{ text.rstrip() }}|
{{ 'xxhixx'.strip('x') }}
{{ s.replace('o', '0') }}
{{ s.replace('o', '0', 1) }}
{{ '{} and {}'.format('a', 'b') }}
{{ '{0}-{1}-{0}'.format('x', 'y') }}
{{ '{name}!'.format(name='hey') }}
{{ '{{literal}} {}'.format(1) }}
{{ '{:>5}|{:<4}|{:^5}'.format('a', 'b', 'c') }}
{{ '{:05d}'.format(42) }}
{{ '{:.2f}'.format(3.14159) }}
{{ ', '.join(words) }}
{{ '-'.join(['a', 'b']) }}
{{ d.keys() | list }}
{{ d.values() | list }}
{{ d.items() | map('list') | list }}
{{ d.get('a') }} {{ d.get('zz') }} {{ d.get('zz', 'dflt') }}
{{ items.index(2) }} {{ [1, 1, 2].count(1) }}
{{ s.find('World') }} {{ s.count('o') }}
{{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }}
{{ s.nosuchmethod() }}
{% for x in items %}{{ x }}{% endfor %}
{% for x in items %}{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}
{% for x in items %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.length }}/{{ loop.revindex }}/{{ loop.revindex0 }} {% endfor %}
{% for x in items %}{{ loop.first }}-{{ loop.last }} {% endfor %}
{% for x in empty %}{{ x }}{% else %}empty{% endfor %}
{% for x in items %}{{ x }}{% else %}empty{% endfor %}
{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}
{% for k in d %}{{ k }}{% endfor %}
{% for c in 'abc' %}{{ c }}.{% endfor %}
{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}
{% for u in users %}{{ u.name }}:{{ u.age }} {% endfor %}
{% for row in [[1, 2], [3, 4]] %}{% for c in row %}{{ c }}{% endfor %};{% endfor %}
{% for row in [[1, 2], [3]] %}{% for c in row %}{{ loop.index }}{% endfor %}|{{ loop.index }} {% endfor %}
{% for x in items if x > 1 %}{{ x }}{{ loop.length }} {% endfor %}
{% for x in range(3) %}{{ x }}{% endfor %}
{% for x in range(1, 10, 3) %}{{ x }}{% endfor %}
{% for x in range(5, 0, -2) %}{{ x }}{% endfor %}
{% for x in items %}{% set y = x * 2 %}{{ y }}{% endfor %}{{ y is defined }}
{% for x in n %}{{ x }}{% endfor %}
{% for x in nothing %}{{ x }}{% endfor %}
{% for x in items %}{{ loop.previtem | default('-') }}{{ x }}{{ loop.nextitem | default('-') }} {% endfor %}
{% for a, b in [[1, 2, 3]] %}{{ a }}{% endfor %}
{% if yes %}Y{% endif %}
{% if no %}Y{% else %}N{% endif %}
{% if n > 10 %}big{% elif n > 3 %}mid{% else %}small{% endif %}
{% if n > 10 %}big{% elif n > 6 %}mid{% endif %}end
{% if items %}has{% endif %}{% if empty %}no{% endif %}
{% if 'a' in d and d.a == 1 %}ok{% endif %}
{% if not nothing %}none{% endif %}
{% if yes %}{% if no %}a{% else %}b{% endif %}{% endif %}
{% set x = 5 %}{{ x }}
{% set x = [1, 2] %}{{ x }}
{% set a, b = 1, 2 %}{{ a }}{{ b }}
{% set t = 1, 2 %}{{ t | list }}
{% set x %}block {{ n }}{% endset %}{{ x }}
{% set x = 'outer' %}{% if yes %}{% set x = 'inner' %}{% endif %}{{ x }}
{% set x = 'outer' %}{% for i in items %}{% set x = i %}{% endfor %}{{ x }}
{% set ns = namespace(total=0) %}{% for i in items %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}
{% set name = 'shadow' %}{{ name }}
{# comment #}visible
a{# multi
line #}b
{{ 'a' }}  {{- 'b' }}
{{ 'a' -}}   {{ 'b' }}
x  {%- if true %}y{% endif %}
x {% if true -%}  y  {%- endif %} z
{%- if true %}trimmed{% endif -%}   
line1
{% if true %}
inside
{% endif %}
line2

{% for i in items %}
- {{ i }}
{% endfor %}

{% for i in items -%}
{{ i }}
{%- endfor %}

  {% if true %}
  indented
  {% endif %}
done

{% raw %}{{ not rendered }}{% endraw %}
{% raw %}{% if %}{% endraw %}
{%- raw -%}  {{ x }}  {%- endraw -%}
a {{ 'b' }} c {{ 'd' }}
{{ "}}" }}
{{ {'a': {'b': 1}} }}
{{ {'a': {'b': 1}}.a.b }}
trailing newline
{{ [1, [2, [3]]] }}
{{ ('a', 'b') | join(',') }}
{{ 'abc' | upper }} {{ 'ABC' | lower }}
{{ 'hello world' | capitalize }} {{ 'hello wORLD-foo(bar' | title }}
{{ text | trim }}|
{{ 'xxaxx' | trim('x') }}
{{ s | replace('l', 'L') }} {{ s | replace('l', 'L', 2) }}
{{ s | length }} {{ items | length }} {{ d | length }} {{ items | count }}
{{ n | length }}
{{ items | first }} {{ items | last }} {{ s | first }}
{{ empty | first is defined }}
{{ items | min }} {{ items | max }} {{ items | sum }}
{{ words | min }} {{ words | max }}
{{ users | map(attribute='age') | sum }}
{{ users | sum(attribute='age') }}
{{ [0.5, 1] | sum }}
{{ [[1], [2]] | sum(start=[]) }}
{{ items | sort }} {{ items | sort(reverse=true) }}
{{ words | sort }} {{ words | sort(case_sensitive=true) }}
{{ users | sort(attribute='age') | map(attribute='name') | list }}
{{ users | sort(attribute='name', reverse=true) | map(attribute='name') | join(',') }}
{{ [3, 'a'] | sort }}
{{ [1, 2, 1, 3, 2] | unique | list }}
{{ ['a', 'A', 'b'] | unique | list }}
{{ items | reverse | list }} {{ 'abc' | reverse }}
{{ 'abc' | list }} {{ d | list }}
{{ items | join }} {{ items | join(', ') }}
{{ users | join(',', attribute='name') }}
{{ users | map(attribute='name') | list }}
{{ users | map(attribute='missing', default='?') | list }}
{{ words | map('upper') | list }}
{{ ['1', '2'] | map('int') | sum }}
{{ items | map('string') | join('-') }}
{{ ['a', 'b'] | map('replace', 'a', 'z') | list }}
{{ items | select('odd') | list }}
{{ items | reject('odd') | list }}
{{ items | select('>', 1) | list }}
{{ items | select('equalto', 2) | list }}
{{ mixed | select('string') | list }}
{{ mixed | select | list }}
{{ mixed | reject('none') | list }}
{{ users | selectattr('admin') | map(attribute='name') | list }}
{{ users | rejectattr('admin') | map(attribute='name') | list }}
{{ users | selectattr('age', '>', 28) | map(attribute='name') | list }}
{{ users | selectattr('name', 'equalto', 'bob') | first }}
{{ users | selectattr('name', 'match', 'c.*') | map(attribute='age') | list }}
{{ users | selectattr('admin', 'defined') | list | length }}
{{ d | dict2items }}
{{ d | dict2items(key_name='k', value_name='v') }}
{{ d | dict2items | items2dict }}
{{ [{'name': 'a', 'val': 1}] | items2dict(key_name='name', value_name='val') }}
{{ d | combine({'a': 10, 'z': 0}) }}
{{ dict(pairs) }} {{ dict(['p', 'o', 'n'] | zip([1, 2, 3])) }} {{ dict(pairs, z=3) }} {{ dict(d, a=0) }}
{{ {'a': {'x': 1, 'y': 2}} | combine({'a': {'y': 3}}) }}
{{ {'a': {'x': 1, 'y': 2}} | combine({'a': {'y': 3}}, recursive=true) }}
{{ {'a': 1} | combine({'b': 2}, {'c': 3}) }}
{{ [{'a': 1}, {'b': 2}] | combine }}
{{ d | to_json }}
{{ users[0] | to_json }}
{{ [1, 'a', none, true, 1.5] | to_json }}
{{ 'é"\\' | to_json }}
{{ d | to_nice_json }}
{{ {'z': [1, 2], 'a': {}, 'm': []} | to_nice_json }}
{{ users[:1] | to_nice_json(indent=2) }}
{{ json_s | from_json }}
{{ (json_s | from_json).a[1] }}
{{ '[1, 2.5, "x", true, null]' | from_json }}
{{ 'nope' | from_json }}
{{ s | regex_replace('o', '0') }}
{{ 'abc123' | regex_replace('[0-9]+', '#') }}
{{ 'foo bar' | regex_replace('(\\w+) (\\w+)', '\\2 \\1') }}
{{ 'foo bar' | regex_replace('(?P<a>\\w+) (?P<b>\\w+)', '\\g<b>-\\g<a>') }}
{{ 'aaa' | regex_replace('a', 'b', count=2) }}
{{ 'ABC' | regex_replace('b', 'x', ignorecase=true) }}
{{ 'cost $5' | regex_replace('\\$(\\d)', 'USD\\1') }}
{{ s | regex_search('W\\w+') }}
{{ s | regex_search('xyz') }}
{{ 'key=value' | regex_search('(\\w+)=(\\w+)', '\\2', '\\1') }}
{{ 'a1b22c333' | regex_findall('\\d+') }}
{{ 'a=1,b=2' | regex_findall('(\\w)=(\\d)') | map('list') | list }}
{{ 'a.b*c' | regex_escape }}
{{ csv | split(',') }}
{{ 'a b c' | split }}
{{ path | basename }} {{ path | dirname }}
{{ 'file' | basename }} {{ 'file' | dirname }} {{ '/' | dirname }}
{{ 'simple' | quote }} {{ "it's" | quote }} {{ '' | quote }} {{ 'a b' | quote }}
{{ yes | ternary('on', 'off') }} {{ no | ternary('on', 'off') }}
{{ nothing | ternary('t', 'f', 'n') }}
{{ 'hello' | b64encode }} {{ 'aGVsbG8=' | b64decode }}
{{ [1, [2, [3, [4]]]] | flatten }}
{{ [1, [2, [3, [4]]]] | flatten(levels=1) }}
{{ [1, none, [2, 'None']] | flatten }}
{{ [1, 2, 3] | zip(['a', 'b']) | map('list') | list }}
{{ [1, 2] | zip_longest(['a']) | map('list') | list }}
{{ [1, 2, 3] | union([3, 4]) }}
{{ [1, 2, 3] | intersect([2, 3, 4]) }}
{{ [1, 2, 3] | difference([2]) }}
{{ [1, 2] | symmetric_difference([2, 3]) }}
{{ 'yes' | bool }} {{ 'no' | bool }} {{ 'True' | bool }} {{ 1 | bool }} {{ 0 | bool }} {{ 'on' | bool }} {{ nothing | bool }}
{{ '42' | int }} {{ '3.7' | int }} {{ 3.9 | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ true | int }}
{{ '0x1A' | int(base=16) }} {{ '101' | int(base=2) }}
{{ '2.5' | float }} {{ 3 | float }} {{ 'x' | float }}
{{ 5 | string }} {{ [1] | string }} {{ nothing | string }}
{{ (n | string) ~ 'x' }}
{{ -5 | abs }} {{ 2.567 | round(2) }} {{ 2.5 | round }} {{ 2.1 | round(method='ceil') }}
{{ 'a\nb' | indent(2) }}
{{ 'a\nb' | indent(2, true) }}
{{ 'one two  three' | wordcount }}
{{ 5 | type_debug }} {{ 'x' | type_debug }} {{ items | type_debug }}
{{ items | batch(2) | list }}
{{ d | dictsort | map('list') | list }}
{{ d | items | map('list') | list }}
{{ s | upper | lower | length }}
{{ users | map(attribute='name') | map('upper') | select('match', '^[AB]') | list }}
{{ users | rejectattr('admin') | list | length > 0 }}
{{ -1 | abs }}
{{ 'x' | nosuchfilter }}
{{ n is defined }} {{ n is undefined }}
{{ nothing is none }} {{ n is none }}
{{ 'x' is string }} {{ 1 is string }}
{{ 1 is number }} {{ 1.5 is number }} {{ 'x' is number }}
{{ d is mapping }} {{ items is mapping }}
{{ items is sequence }} {{ 'x' is sequence }} {{ d is sequence }} {{ 1 is sequence }}
{{ items is iterable }} {{ 1 is iterable }}
{{ true is boolean }} {{ 1 is boolean }}
{{ true is true }} {{ 1 is true }} {{ false is false }}
{{ 1 is integer }} {{ 1.0 is float }}
{{ n is equalto 5 }} {{ n is eq(5) }} {{ n is ne 5 }}
{{ n is lt 10 }} {{ n is gt(10) }} {{ n is ge 5 }} {{ n is le 4 }}
{{ n is odd }} {{ n is even }} {{ 10 is divisibleby 5 }} {{ 10 is divisibleby(3) }}
{{ n is not odd }}
{{ 2 is in items }} {{ 9 is in items }}
{{ s is match('Hel') }} {{ s is match('World') }} {{ s is search('World') }}
{{ s is regex('^H.*d$') }} {{ s is regex('World', match_type='match') }}
{{ 'ABC' is match('abc', ignorecase=true) }}
{{ 'abc' is lower }} {{ 'ABC' is upper }}
{{ ver is version('1.9', '>') }} {{ ver is version('1.10.2', '==') }} {{ ver is version('2.0', 'lt') }}
{{ ver is version('1.10', '>=') }} {{ '1.2.3' is version('1.2.3', 'eq') }} {{ '1.2' is version('1.2.0', 'ne') }}
{{ ver is version_compare('1.10.1', 'gt') }}
{{ '2.0.0-rc1' is version('2.0.0-rc2', '<') }}
{{ res_ok is succeeded }} {{ res_ok is success }} {{ res_fail is failed }} {{ res_ok is failed }}
{{ res_ok is changed }} {{ res_fail is changed }} {{ res_skip is skipped }} {{ res_ok is skipped }}
{{ res_fail is failure }} {{ res_fail is not succeeded }}
{{ 'x' is failed }}
{{ items is contains 2 }}
{{ 0 is truthy }} {{ 0 is falsy }}
{{ n is nosuchtest }}
{{ (n > 3) and (n < 10) }}
{{ n > 3 and n < 10 or false }}
{{ not n is odd }}
{{ n is odd and n is not even }}
{% if n is defined and n > 1 %}ok{% endif %}
{% if undefined_var is defined and undefined_var > 1 %}ok{% else %}skip{% endif %}
{{ items | length > 2 }}
{{ users | selectattr('age', 'ge', 30) | list | length }}
{{ 'a' if (items | length) > 2 else 'b' }}
{{ s | length * 2 }}
{{ -items | length }}
{{ [n, f, name] }}
{{ {'n': n, 'list': items} }}
{{ {'key': 'val'}['key'] }}
{{ [10, 20, 30][n - 4] }}
{{ (items | sort)[0] }}
{{ users | map(attribute='age') | max }}
{{ users | max(attribute='age') }}
{{ users | min(attribute='age') | to_json }}
{{ name | center(11) }}|
{{ 'Ab' ~ 'C' | lower }}
{{ ('Ab' ~ 'C') | lower }}
{{ 1 if true }}
{{ big }} {{ big * 10 }} {{ big * 10.0 }}
{{ 2 ** 53 + 0.0 }}
{{ 1e15 + 0.3 }}
{{ 12345678901234567.0 }}
{{ 100.0 }} {{ 1e3 }} {{ 1.5e-3 }} {{ 2.5e-5 }}
{{ [0.1, -2.0, 1e22] }}
{{ 10 / 3 * 3 }}
{{ 7 // 2.0 }} {{ -1 // 3 }} {{ -1 % 3 }}
{{ 5.0 % 3 }}
{{ zero == 0 }} {{ zero is number }}
{{ ports | map('string') | join(',') }}
{{ ports | select('gt', 100) | list }}
{% for p in ports %}{{ p }}{{ ',' if not loop.last }}{% endfor %}
{% for u in users if u.admin %}{{ loop.index }}:{{ u.name }} {% endfor %}
{% for u in users | sort(attribute='age') %}{{ u.name }}{% if not loop.last %}>{% endif %}{% endfor %}
{% for k, v in d | dictsort %}{{ k }}{{ v }}{% endfor %}
{% for item in d | dict2items %}{{ item.key }}:{{ item.value }} {% endfor %}
{% for line in lines.split('\n') %}[{{ line }}]{% endfor %}
{% for line in lines.splitlines() %}<{{ line }}>{% endfor %}
{% for i in range(3) %}{% for j in range(2) %}{{ i }}{{ j }} {% endfor %}{% endfor %}
{% for x in [] %}{% else %}{% for y in [1] %}nested-else{{ y }}{% endfor %}{% endfor %}
{% if true %}a{% elif undefined_var %}b{% endif %}
{% if false %}a{% elif true %}b{% elif undefined_var %}c{% endif %}
{% set l = [] %}{{ l | length }}
{% set d2 = {'x': 1} %}{{ d2.x }}{{ d2['x'] }}
{% set s2 = 'abc' %}{{ s2[1:] }}{{ s2 | upper }}
{% set total = items | sum %}{{ total }}
{% set x = undefined_var | default('d') %}{{ x }}
{% set x = none %}{{ x is none }}
{% if %}{% endif %}
{% for %}
{% endif %}
{{ }}
{{ 1 + }}
{% if true %}unclosed
{{ 'unterminated }}
{% unknowntag %}
{{ (1, 2 }}
{{ [1, 2 }}
{{ a.b.c }}
{{ items[ }}
{% for x in items %}{{ x }}{% endfor
{{ 1 2 }}
{{ n | default }}
{{ n|string|length }}
{{ "a" "b" | upper }}
{{ 3 in [1, 2, 3] and 'x' }}
{{ [1, 2, 3] | map('int') | list }}
{{ {'a': 1}.a }}
{{ [1, 2][0] + [3][0] }}
{{ 'abc'[1] }}
{{ 'x'.join(['1', '2']) }}
{{ '%' ~ n }}
{{ n ~ n }}
{{ 1.5 ~ '' }}
{{ true ~ '' }}
{{ none ~ '' }}
{{ [1] ~ '' }}
{{ d ~ '' }}
{{ 'a\\b' }}
{{ '\x41' }}
{{ ['\x01'] }}
{{ "quote\"inside" }}
{{ ["quote\"inside"] }}
{{ ["mixed'\""] }}
{{ {'it\'s': "x"} }}
{{ [''] }}
{{ [' '] }}
{{ [1, [], {}] }}
{{ users | selectattr('name', 'in', ['bob', 'carol']) | map(attribute='age') | list }}
{{ users | map(attribute='name') | reject('equalto', 'bob') | list }}
{{ words | sort | first }}
{{ words | map('lower') | unique | sort | list }}
{{ ['b', 'a'] | sort | join }}
{{ 'a,b' | split(',') | map('upper') | join(';') }}
{{ d | dict2items | map(attribute='key') | join }}
{{ d | dict2items | selectattr('value', 'gt', 1) | list | items2dict }}
{{ [{'k': 1}, {'k': 2}] | map(attribute='k') | list }}
{{ users | map(attribute='name') | first | upper }}
{{ (users | first).name }}
{{ users[0]['name'] }}
{{ users[-1].name | title }}
{{ (n * 2) | string | length }}
{{ [true, false] | map('ternary', 'Y', 'N') | join }}
{{ s | b64encode | b64decode }}
{{ {'b': 1, 'a': 2} | to_json(sort_keys=true) }}
{{ {'x': [1, {'y': none}]} | to_nice_json }}
{{ '{"k": "\\u00e9"}' | from_json }}
{{ ('[1, {"a": 2}]' | from_json)[1].a }}
{{ ver.split('.') | map('int') | list }}
{{ ver.split('.')[0] | int + 1 }}
{{ path.split('/')[-1] }}
{{ 'a-b-c'.split('-', 1)[1] }}
{{ '  x '.strip() ~ '|' }}
{{ 'Hello'.startswith('H') and 'Hello'.endswith('o') }}
{{ 'abc'.upper().lower() }}
{{ s.split(' ') | join('_') }}
{{ 'a b'.replace(' ', '') }}
{{ '{}'.format([1, 2]) }}
{{ '{}/{}'.format(n, f) }}
{{ '{0}'.format(none) }}
{{ undefined_var is none }} {{ undefined_var is string }} {{ undefined_var is mapping }} {{ undefined_var is number }}
{{ undefined_var is iterable }}
{{ undefined_var is odd }}
{{ "%s-%d" % ("a", 1) }}
{{ "%05.1f|%r|%%|%x" % (3.14159, "q", 255) }}
{{ "%(a)s and %(b)r" % {"a": 1, "b": "x"} }}
{{ "%s" % 5 }} {{ "%d" % 2.7 }} {{ "%5s|%-5s|" % ("a", "b") }}
{{ "%s %s" % ("only one",) }}
{{ "%s" % ("a", "b") }}
{{ "%.2f%%" % 12.345 }}
{{ "%+d %03d %e" % (5, -4, 12345.678) }}
{{ 7 % 4 ~ "%" }}
{{ d['zz'] }}
{{ nothing.x }}
{{ s.nope }}
{{ loop.index }}
{{ range(3) | list }} {{ range(2, 5) | list }}
{{ '1' | int + '2' | int }}
{{ not undefined_var is defined }}
{{ undefined_var is defined and undefined_var }}
{{ d | length is odd }}
{{ 10 is divisibleby 3 and true }}
{{ 'ab' is in 'xaby' }}
{{ '\\n' }}|{{ "\u2713" }}
{{ none < 1 }}
{{ '5' * 2 }} {{ 3 | string | int }}
{{ 'abc' | first }} {{ {'a': 1} | first }} {{ {'a': 1} | list }}
{{ 7 | float | int }} {{ 1.0 | int }} {{ '1e3' | float }} {{ '  12 ' | int }} {{ 'inf' | float }} {{ '-0x10' | int(0, 16) }}
{{ 1.5 | round }} {{ 0.5 | round }} {{ 2.675 | round(2) }} {{ -2.5 | round }} {{ 7 | round }}
{{ items | sort | reverse | join }}
{{ [] | max is defined }}
{{ undefined_var | default({}) | length }}
{{ (undefined_var | default([])) + [1] }}
{{ [1, 2, 3] | select('in', [2, 3]) | list }}
{{ 'abc' | regex_search('(b)(c)', '\\1') }}
{{ 'aBc' | lower == 'abc' }}
{{name}}{{name|upper}}{%if yes%}x{%endif%}
a {#- c -#} b
{{ "{{" }}{{ '}}' }}{{ '{%' }}
{{ items|join( ',' )|length }}
{% for k, v in d | dictsort(reverse=true) %}{{ k }}{% endfor %}
{% for k, v in d | dictsort(by='value') %}{{ v }}{% endfor %}
{% for x in items %}{{ loop.index }}{% for y in items %}{{ loop.index }}{% endfor %}|{% endfor %}
{% for x in items %}{% if loop.first %}[{% endif %}{{ x }}{% if loop.last %}]{% endif %}{% endfor %}
{% for x in items %}{% if x == 1 %}{% continue %}{% endif %}{{ x }}{% endfor %}
{{ users | selectattr('name', 'search', 'o') | map(attribute='name') | list }}
{{ users | map(attribute='age') | select('even') | list }}
{{ users | map(attribute='age') | map('string') | map('int') | sum }}
{{ [1, 2, 3] | map('int') | select('odd') | reject('equalto', 3) | list }}
{{ 'hello' | replace('l', '') | upper }}
{{ 'The quick brown fox' | split | map('length') | max }}
{{ d | dict2items | sort(attribute='value', reverse=true) | map(attribute='key') | first }}
{{ users | items2dict(key_name='name', value_name='age') }}
{{ users | map(attribute='name') | zip(users | map(attribute='age')) | map('join', '=') | join(' ') }}
{{ [[1, 2], [3]] | map('length') | list }}
{{ {'a': {'b': [1, {'c': 'deep'}]}}.a.b[1].c }}
{{ lines | regex_findall('^t\\w+', multiline=true) }}
{{ 'Hello' | regex_replace('^h', 'J', ignorecase=true) }}
{{ 'x1y2' | regex_replace('\\d', '') }}
{{ 'path/to/file.txt' | regex_replace('\\.txt$', '.bak') }}
{{ 'abc' | regex_replace('(a)(b)?', '[\\1\\2]') }}
{{ 'a.b.c' | split('.') | last }}
{{ 1 if 'x' in 'xyz' else 2 }}
{{ (1 if false else 2) + 3 }}
{{ [1, 2] if yes }}
{{ (1 if false) ~ 'x' }}
{{ (1 if false) + 1 }}
{{ 'x' ~ (1 if false) | default('d') }}
{{ '' ~ (undefined_var if false) }}
{{ ' '.join(['a', 'b']) }}
{{ '\t'.join(['a', 'b']) }}
{{ [1, 2, 3][1:] | sum }}
{{ s[:-6] }} {{ s[-5:-1] }}
{{ items[::2] }}
{{ 1 < 2 == 2 }} {{ 1 == 1 != 2 }}
{{ 0 in [0.0] }} {{ 'a' in ['A'] }} {{ [1] in [[1], 2] }}
{{ d == {'b': 2, 'a': 1, 'c': 3} }}
{{ [1, 2] != [2, 1] }}
{{ 2 > 1 and 'yes' or 'no' }}
{{ 0 > 1 and 'yes' or 'no' }}
{% macro greet(who, punct='!') %}Hi {{ who }}{{ punct }}{% endmacro %}{{ greet('bob') }} {{ greet('al', '?') }} {{ greet(who='x', punct='.') }}
{% macro row(u) %}{{ u.name }}={{ u.age }}{% endmacro %}{% for u in users %}{{ row(u) }};{% endfor %}
{% macro m(a) %}[{{ a }}|{{ n }}]{% endmacro %}{{ m(1) | upper }}
{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}
{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}
{% macro outer(x) %}<{{ inner(x) }}>{% endmacro %}{% macro inner(y) %}{{ y * 2 }}{% endmacro %}{{ outer(4) }}
{% with a = 1, b = 'two' %}{{ a }}{{ b }}{% endwith %}{{ a is defined }}
{% with x = n * 2 %}{{ x }}{% endwith %}
{% filter upper %}shout {{ name }}{% endfilter %}
{% filter replace('a', 'o') | upper %}banana{% endfilter %}
{% filter nosuchfilter %}x{% endfilter %}
{% macro m() %}x{% endmacro
{{ 1 + 2 is odd }} {{ (1 + 2) is odd }} {{ not items | length }} {{ -n | abs }} {{ 2 * n | string }}
{{ n is odd or n is even and false }} {{ not n is odd or true }}
{{ 'a' ~ 1 + 2 }} {{ 1 + 2 ~ 3 * 2 }}
{{ items | map('string') | join | int + 1 }}
{{ 'x' if n is odd }} {{ 'x' if n is even }}|
{{ d | dict2items | map(attribute='value') | map('string') | join('+') }}
{% for c in 'ab' if c != 'a' %}{{ c }}{{ loop.length }}{% else %}none{% endfor %}
{% for k in d if d[k] > 1 %}{{ k }}{% endfor %}
{% for x in items if x > 99 %}{{ x }}{% else %}filtered-out{% endfor %}
{% for k, v in d.items() if v is odd %}{{ k }}{{ loop.index }}{% endfor %}
{% macro m(a, b=a ~ '!') %}{{ a }}{{ b }}{% endmacro %}{{ m('x') }}
{% macro m(a) %}{% for i in a %}{{ loop.index }}{{ i }}{% endfor %}{% endmacro %}{% for x in [1] %}{{ m('ab') }}{{ loop.index }}{% endfor %}
{% set ns = namespace(found=false, items=[]) %}{% for u in users %}{% if u.admin %}{% set ns.found = true %}{% set ns.items = ns.items + [u.name] %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.items }}
{% set x = 1 %}{% set x.y = 2 %}
{% for i in items %}{% if loop.first %}{% set x = 1 %}{% endif %}{{ x | default("u") }}{% endfor %}
{% set x = 0 %}{% for i in items %}{{ x }}{% set x = i %}{{ x }}|{% endfor %}{{ x }}
{% for i in items %}{% set x = (x | default(0)) + i %}{{ x }}{% endfor %}
{% set x = 5 %}{% for i in items %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}
{% for i in items %}{{ i }}{% endfor %}{{ i | default("gone") }}
{% if true %}{% set y = 2 %}{% endif %}{{ y }}
{% for a in [1] %}{% for b in [2] %}{% set c = 3 %}{% endfor %}{{ c | default("no") }}{% endfor %}
{{ ''.splitlines() }} {{ "it's k2=v2 nginx.conf".title() }}
{{ 'a\tb c/d-e.f' | regex_escape }}
{{ '1.2.3 a_b c-d' | wordcount }}
{{ pairs | items2dict(key_name=0, value_name=1) }}
{{ words | map(attribute='name') | list }}
{{ users | unique | list | length }}
{{ 2.0 // 0.1 }} {{ -7.5 // 2 }} {{ 7 // -2.5 }}
{{ 0 ** -1 }}
{{ 2.5 is odd }} {{ 3.0 is odd }} {{ 4.0 is even }}
{{ 1 * [1, 'a'] }}
{{ '%s' % [1, 2] }} {{ 'none' % [1] }} {{ '%s' % {'k': 1} }}
{{ [1] in d }}
{{ 'x' | round }}
{{ true | round }}
{{- -1 -}}
{{ n-1 }} {{ n - -1 }} {{ items|length-1 }}
{% set x = '%}' %}{{ x }}
{{ '{{ not a tag }}' }}
a {%- raw %} r {% endraw -%} b
{% raw %}{% raw %}{% endraw %}
x {#- c #} y
x {# c -#} y
{%- for i in items -%} {{ i }} {%- endfor -%}
{% for i in items %} {{- i -}} {% endfor %}
{{ 'a' }}{# c #}{{ 'b' }}
{% if true %}{% endif %}{% if true %}x{% endif %}
{{ n }}}
{ {{ n }} }
{{ '{' }}{{ n }}{{ '}' }}
{{ {'a': 1}|length }}
{{ [{'a': [1, {'b': 2}]}] }}
{% set x = {'a': {'b': 'c'}} %}{{ x.a.b }}
{{ 'A' ~ 'b' | upper ~ 'c' }}
{{ 2 * 3 ~ 4 }}
{{ 1 ~ 2 + 3 }}
{{ 10 // 3 * 3 + 10 % 3 }}
{{ -3 ** 2 }} {{ (-3) ** 2 }} {{ 2 ** 0.5 }}
{{ 1.1 * 3 }} {{ 0.1 * 3 }} {{ 100 * 1.1 }}
{{ 1 / 7 }} {{ 22 / 7 }} {{ 1e300 * 10 }} {{ 5e-324 }}
{{ 123456789012345678 }}
{{ 0.5 + 0.5 }} {{ 3 - 0.5 }}
{{ 1 is number and 1.0 is number }}
{{ yes | int }} {{ no + 0 }}
{{ "%s-%s" | format('a', 1) }} {{ "%(x)s!" | format(x='kw') }}
{{ ['/etc', 'nginx', 'conf.d'] | path_join }} {{ ['a', '/b', 'c'] | path_join }} {{ ['a/', 'b'] | path_join }}
{{ path | splitext | list }} {{ '.bashrc' | splitext | list }} {{ 'a.tar.gz' | splitext | list }} {{ 'dir.d/file' | splitext | list }}
{{ ['a', 'b'] | map('extract', d) | list }}
{{ [0, 2] | map('extract', items) | list }}
{{ ['x'] | map('extract', nested, 'y') | list }}
{{ ['a', 'b'] | product([1, 2]) | map('list') | list }}
{{ 8 | log(2) }} {{ 100 | log(10) }} {{ 1 | log }} {{ 2 | pow(10) }} {{ 16 | root }} {{ 27 | root(3) }}
{{ 'x' | pow(2) }}
{{ 'abc' | hash('sha1') }} {{ 'abc' | hash('md5') }} {{ 'abc' | sha1 }} {{ 'abc' | md5 }}
{{ '' | hash('sha1') }} {{ s | hash('md5') }} {{ 'ünï' | sha1 }} {{ n | md5 }}
{{ ('x' * 100) | hash('sha1') }} {{ ('y' * 64) | md5 }} {{ ('z' * 56) | md5 }}
{{ d | to_yaml }}
{{ users | to_yaml }}
{{ nested | to_yaml }}
{{ d | to_nice_yaml }}
{{ users | to_nice_yaml }}
{{ {'a': [1, 2], 'b': {'c': [{'k': 'v', 'j': [3]}]}, 'e': [], 'f': {}} | to_nice_yaml }}
{{ {'a': [1, 2], 'b': {'c': [{'k': 'v', 'j': [3]}]}, 'e': [], 'f': {}} | to_yaml }}
{{ ['1', '', 'a: b', 'null', 'yes', 'No', '~', '1.5', 'x y', '-', '#c', 'it\'s', '0x1f'] | to_nice_yaml }}
{{ [none, true, false, 0, -3, 2.5, 1e20, 'plain'] | to_yaml }}
{{ 'x' | to_yaml }}{{ 5 | to_nice_yaml }}{{ [] | to_yaml }}{{ {} | to_nice_yaml }}
{{ [[1, 2], [[3]]] | to_nice_yaml }}
{{ 'off' | bool }} {{ 0 | bool }} {{ 'True' | bool }} {{ 'y' | bool }} {{ 1.0 | bool }}
{{ none | ternary('a', 'b', 'c') }} {{ '' | ternary('a', 'b') }}
{{ [1, [2, [3, none]], 'null'] | flatten(1) }} {{ [1, [2, [3, none]]] | flatten(skip_nulls=false) }}
{{ '1.2.3' is version('1.2', '>') }} {{ '1.0' is version('1.0.0', '==') }} {{ '2.0' is version_compare('10.0', 'lt') }}
{{ [1, 2] is subset([1, 2, 3]) }} {{ [1, 2, 3] is superset([2]) }} {{ [1, 2] is contains(2) }}
{{ 'a b' | quote }} {{ "it's" | quote }} {{ '' | quote }}
{{ [3, 1, 3, 2] | unique }} {{ [1, 2] | union([2, 3]) }} {{ [1, 2, 2] | difference([2]) }}
{{ 'x' | type_debug }} {{ 1 | type_debug }} {{ [] | type_debug }} {{ {} | type_debug }} {{ none | type_debug }}
{{ '/etc/x/' | basename }}|{{ '/etc/x/' | dirname }}|{{ 'x' | dirname }}
{{ {'a': 1} | combine({'b': 2}, {'a': 3}) }} {{ {'a': {'x': 1}} | combine({'a': {'y': 2}}, recursive=true) }}
{{ 'abc' | hash('sha256') }} {{ '' | hash('sha256') }} {{ ('y' * 56) | hash('sha256') }} {{ 'ünï' | hash('sha256') }}
{{ 'abc' | hash('sha512') }} {{ ('z' * 112) | hash('sha512') }} {{ ('z' * 111) | hash('sha512') }}
{{ 'secret' | password_hash('sha512', 'mysalt') }}
{{ 'secret' | password_hash('sha512', 'mysalt', rounds=5000) }} {{ 'secret' | password_hash('sha256', 'mysalt', rounds=5000) }}
{{ 'secret' | password_hash('sha256', 'abc', rounds=1000) }} {{ 'secret' | password_hash('sha512', 'abc', rounds=1001) }}
{{ 'pässwörd✓' | password_hash('sha512', 'saltsaltsaltsalt', rounds=1000) }} {{ '' | password_hash('sha256', 'x', rounds=1000) }}
{{ ('y' * 100) | password_hash('sha512', './09AZaz', rounds=2000) }} {{ ('y' * 33) | password_hash('sha256', 'Zz9', rounds=1500) }}
{{ 'secret' | password_hash('md5', 'ok') }} {{ ('q' * 20) | password_hash('md5', 'abcdefgh') }} {{ '' | password_hash('md5', 's') }}
{{ 'secret' | password_hash(salt='kw', hashtype='sha256', rounds=1000) }} {{ 'secret' | password_hash('sha512_crypt', 'x', rounds=1000) }}
{{ ('secret' | password_hash(rounds=1000))[:15] }} {{ ('secret' | password_hash('sha256', rounds=1000)).split('$') | map('length') | list }}
{{ ('secret' | password_hash('sha512', salt_size=4, rounds=1000)).split('$')[3] | length }} {{ ('x' | password_hash('md5')).split('$')[2] | length }}
{{ 'secret' | password_hash('sha512', 'bad$salt', rounds=1000) }}
{{ 'secret' | password_hash('sha512', 'x' * 17, rounds=1000) }}
{{ 'secret' | password_hash('sha512', 'ok', rounds=999) }}
{{ 'secret' | password_hash('nosuch') }}
{{ 'a: 1\nb: [x, "y z"]\nc: {d: null}' | from_yaml }}
{{ ('- 1\n- two\n- 3.5' | from_yaml)[1] }} {{ ('k: v' | from_yaml).k }} {{ '' | from_yaml }} {{ '# only' | from_yaml }}
{{ 'a: b: c' | from_yaml }}
{{ '[1, 2' | from_yaml }}
{{ 'a\n---\nb' | from_yaml }}
{{ 'a\n---\nb' | from_yaml_all | list }} {{ '' | from_yaml_all | list }} {{ none | from_yaml_all | list }} {{ none | from_yaml }}
{{ d | to_nice_yaml | from_yaml == d }} {{ users | to_yaml | from_yaml == users }} {{ mixed | to_nice_yaml | from_yaml }}
{{ users | to_nice_yaml | from_yaml | map(attribute='name') | list }} {{ [1, 2] | from_yaml }} {{ d | from_yaml }}
""".strip("\n").split("\n")

# Multi-line templates can't live one-per-line above; they are listed here.
MULTILINE = [
    "line1\n{% if true %}\ninside\n{% endif %}\nline2\n",
    "{% for i in items %}\n- {{ i }}\n{% endfor %}\n",
    "{% for i in items -%}\n{{ i }}\n{%- endfor %}\n",
    "  {% if true %}\n  indented\n  {% endif %}\ndone\n",
    "{% raw %}\n{{ x }}\n{% endraw %}\nafter",
    "a{# multi\nline #}b",
    "{# c #}\nnext",
    "{{ 'v' }}\nnext",
    "{% set x = 1 %}\n{{ x }}\n",
    "text\n\n{% for u in users %}\n{{ u.name }}: {{ u.age }}\n{% endfor %}\nend\n",
    "{% if no %}\nA\n{% elif yes %}\nB\n{% else %}\nC\n{% endif %}\n",
    "{% for k, v in d.items() %}\n{{ k }}={{ v }}\n{% else %}\nnone\n{% endfor %}",
    "line one\n{{ undefined_var }}\n",
    "{% for x in items %}\n  {{ x }}\n{%- endfor %}\n",
    "\n\n{{ n }}\n\n",
    "trailing\n",
    "{{ n }}\r\n{% if true %}\r\nx\r\n{% endif %}\r\n",
    "{%- if true -%}\n  a\n{%- endif -%}\n  b",
    "{% set x -%}\n  body\n{%- endset %}[{{ x }}]",
    "{% macro li(item) -%}\n<li>{{ item }}</li>\n{%- endmacro %}\n<ul>\n{% for i in items %}\n{{ li(i) }}\n{% endfor %}\n</ul>\n",
    "{% with %}\n{% set inner = 1 %}\n{{ inner }}\n{% endwith %}\n{{ inner is defined }}\n",
    "{% for x in [1, 2] %}{% for y in [3, 4] %}{{ loop.index }}{{ x }}{{ y }} {% endfor %}{{ loop.last }}\n{% endfor %}",
]

# Cases with their own context: (template, context).
CUSTOM = [
    ("{{ x }}", {"x": 1.0}),
    ("{{ x }}", {"x": [1.5, 2.0]}),
    ("{{ x }}", {"x": {"nested": {"list": [1, "a"]}}}),
    ("{{ x | to_json }}", {"x": {"b": 1, "a": [True, None]}}),
    ("{{ x.a.b }}", {"x": {"a": None}}),
    ("{{ x.a is defined }}", {"x": {"a": None}}),
    ("{{ x['key with space'] }}", {"x": {"key with space": "ok"}}),
    ("{% for h in hosts %}{{ h }}{% if not loop.last %},{% endif %}{% endfor %}", {"hosts": ["web1", "web2"]}),
    ("{{ groups['web'] | length }}", {"groups": {"web": ["a", "b"]}}),
    ("{{ hostvars[inventory_hostname].ip }}", {"hostvars": {"h1": {"ip": "10.0.0.1"}}, "inventory_hostname": "h1"}),
    ("{{ result.stdout_lines | last }}", {"result": {"stdout_lines": ["a", "b"]}}),
    ("{{ result is changed }}", {"result": {"changed": False, "rc": 0}}),
    ("{{ result.rc == 0 }}", {"result": {"changed": False, "rc": 0}}),
    ("{{ item.name }}", {"item": {"name": "pkg"}}),
    ("{{ port | int + 1 }}", {"port": "8080"}),
    ("{{ enabled | bool }}", {"enabled": "yes"}),
    ("{{ x }}", {"x": "unicode ü ✓"}),
    ("{{ [x] }}", {"x": "unicode ü"}),
    ("{{ x | length }}", {"x": "ü✓"}),
    ("{{ x | length }} {{ x[1] == y }} {{ x | reverse | length }} {{ x[:1] }}", {"x": "e\u0301", "y": "\u0301"}),
    ("{% for c in x %}[{{ c }}]{% endfor %}", {"x": "añ"}),
    ("{{ x | upper }}", {"x": "straße"}),
    ("{{ x }}", {"x": -1.5e-10}),
    ("{{ x * 2 }}", {"x": 0.1}),
    ("{{ x | sort }}", {"x": [2.5, 1, True]}),
    ("{{ x | unique | list }}", {"x": [1, 1.0, True, "1"]}),
    ("{{ a == b }}", {"a": [1, {"k": 2}], "b": [1, {"k": 2}]}),
    ("{{ x | combine(y) }}", {"x": {"a": 1}, "y": {"a": None}}),
    ("{{ x | to_nice_json }}", {"x": [[], [1]]}),
    ("{{ x.0 }}", {"x": ["zero"]}),
    ("{{ x | map('default', 'd') | list }}", {"x": [None, 1]}),
    ("{% for i in x %}{{ loop.cycle('odd', 'even') }} {% endfor %}", {"x": [1, 2, 3]}),
]

# Cases rendered with other lexer options: (template, context, options).
OPTIONS = [
    ("  {% if true %}\n  x\n  {% endif %}\ny", {}, {"lstrip_blocks": True}),
    ("  {%+ if true %}\nx{% endif %}", {}, {"lstrip_blocks": True}),
    ("a  {% if true %}b{% endif %}", {}, {"lstrip_blocks": True}),
    ("  {# c #}\nx", {}, {"lstrip_blocks": True}),
    ("{% for i in [1, 2] %}\n    {{ i }}\n    {% endfor %}\n", {}, {"lstrip_blocks": True}),
    ("{% if true %}\nx\n{% endif %}\n", {}, {"trim_blocks": False}),
    ("{% if true %}\nx\n{% endif %}\n", {}, {"trim_blocks": False, "keep_trailing_newline": False}),
    ("a\n", {}, {"keep_trailing_newline": False}),
    ("a\n\n", {}, {"keep_trailing_newline": False}),
    ("  {% if true %}\n  x\n  {% endif %}\n", {}, {"lstrip_blocks": True, "trim_blocks": False}),
]


# from_yaml / from_yaml_all inputs: (template, YAML text given as `y`).
YAML_CASES = [
    ("{{ y | from_yaml }}", """# users
users:
  - name: alice
    uid: 1001
    groups: [wheel, "dev ops"]
    shell: /bin/bash
    enabled: yes
  - name: bob   # second
    uid: 1002
    groups: []
    comment: >-
      Bob the
      builder
    motd: |
      Hello
        indented
      bye

settings:
  timeout: 30s
  ratio: 0.75
  path: "C:\\\\temp\\tx"
  empty:
  tilde: ~
  octal: 0755
  mode: '0644'
  version: 1.10
  list_of_maps:
  - {a: 1, b: [x, y]}
  - a: 2
    b: null
"""),
    ("{{ y | from_yaml | to_json }}", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n"
     "  containers:\n  - name: nginx\n    image: \"nginx:1.25\"\n    ports:\n    - containerPort: 80\n"
     "      protocol: TCP\n    args: [\"--port\", \"80\"]\n"),
    ("{{ y | from_yaml | to_json }}", "[yes, No, on, OFF, TRUE, y, n, ~, null, '', 0x1F, 0o17, 017, 08, 1_000, -0b101,"
     " 1:30, 1.5, 1e3, 1.0e+3, .5, -.inf, +12, 1.2.3, 2024-01-15, '1', \"true\"]"),
    ("{{ y | from_yaml }}", "lit: |\n  a\n\n  b\nstrip: |-\n  x\n\nkeep: |+\n  y\n\nfold: >\n  one\n  two\n\n  three\n"
     "   indented\n  four\nfoldstrip: >-\n  p\n  q\nindicator: |2\n    two more\n  base\nlast: end\n"),
    ("{{ y | from_yaml }}", "- |\n  first\n- >\n  second\n  line\n- 'single ''quoted''\n\n  folded'\n"
     "- \"double \\t \\x41 \\u263A \\\\ \\\"q\\\" \\\n  joined\"\n- plain\n  continued\n\n  para\n"),
    ("{{ y | from_yaml }}", "base: &base {x: 1, y: 2}\nmore: &m\n  k: v\nderived:\n  <<: *base\n  y: 3\n"
     "both:\n  <<: [*m, *base]\n  z: 0\nlist: [*base, *m]\nscalar: &s hello\nagain: *s\n"),
    ("{{ y | from_yaml }}", "a:\n- 1\n- - 2\n  - 3\n-\n- k: v\n  j: w\nb:\n    deep:\n        deeper: [\n          1,\n"
     "          2,\n        ]\nc: {x: [a, {y: z}], w: }\n"),
    ("{{ y | from_yaml }}", "'quoted key': 1\n\"dq key\": 2\nkey with spaces: value with spaces\nurl: http://h:80/p?q=1#f\n"
     "hash: a#b\ncomment: a # b\n? ''\n: empty key\n? |-\n  multi\n  line\n: long key\n"),
    ("{{ y | from_yaml }}", "s: !!str 12\ni: !!int '7'\nf: !!float 2\nb: !!bool yes\nn: !!null x\nm: !!map {a: 1}\nq: !!seq [1]\n"),
    ("{{ y | from_yaml }}", "a: 1\r\nb:\r\n  - x\r\n"),
    ("{{ y | from_yaml }}", "--- >\n  folded\n  document\n"),
    ("{{ y | from_yaml }}", "%YAML 1.1\n---\nk: v\n...\n"),
    ("{{ y | from_yaml_all | list }}", "---\nname: one\n---\nname: two\n...\n---\n- three\n--- 4\n"),
    ("{{ y | from_yaml_all | map(attribute='n') | list }}", "n: 1\n---\nn: 2\n"),
    ("{{ y | from_yaml }}", "a: 1\n  b: 2\n"),
    ("{{ y | from_yaml }}", "a:\n  b: 1\n c: 2\n"),
    ("{{ y | from_yaml }}", "a: - b\n"),
    ("{{ y | from_yaml }}", "- a\nb: c\n"),
    ("{{ y | from_yaml }}", "x: 1\n\ty: 2\n"),
    ("{{ y | from_yaml }}", "a: *nope\n"),
    ("{{ y | from_yaml }}", "a: !custom x\n"),
    ("{{ y | from_yaml }}", "a: 'open\n"),
    ("{{ y | from_yaml }}", "a: \"bad \\q\"\n"),
    ("{{ y | from_yaml }}", "a: |0\n  x\n"),
    ("{{ y | from_yaml }}", "<<: 5\n"),
    ("{{ y | from_yaml }}", "[a, , b]\n"),
]


def main():
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True, keep_trailing_newline=True)
    env.filters.update(ansible_filters())
    env.tests.update(ansible_tests())
    cases = [(t, None, {}) for t in CASES] + [(t, None, {}) for t in MULTILINE]
    cases += [(t, c, {}) for t, c in CUSTOM] + OPTIONS
    cases += [(t, {"y": y}, {}) for t, y in YAML_CASES]
    out = []
    for template, context, options in cases:
        ctx = dict(BASE) if context is None else context
        entry = {"template": template, "context": ctx}
        renderer = env
        if options:
            entry["options"] = options
            settings = {"trim_blocks": True, "keep_trailing_newline": True, **options}
            renderer = jinja2.Environment(undefined=jinja2.StrictUndefined, **settings)
        try:
            entry["output"] = renderer.from_string(template).render(ctx)
        except Exception:  # every jinja2 failure is an expected error for the engine
            entry["error"] = True
        out.append(entry)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "Tests", "JinjaTests", "Fixtures", "cases.json")
    # One case a line: small enough to commit, and a changed case is a one-line diff.
    with open(path, "w") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(case, ensure_ascii=False) for case in out))
        f.write("\n]\n")
    print(f"wrote {len(out)} cases ({sum('error' in c for c in out)} errors) to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
