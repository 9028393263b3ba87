#!/usr/bin/env python3
"""Renders the template-inheritance, include and import cases with Python's jinja2 and
writes the fixture the Jinja target's TemplateLoadingTests compare with.

Usage: scripts/jinja-templates-oracle.py  (writes Tests/JinjaTests/Fixtures/templates.json)

Each case is a set of named templates held in memory (jinja2's DictLoader, as the tests'
DictionaryTemplateLoader), the one to render, its variables and the environment options
(Ansible's trim_blocks, StrictUndefined as Ansible's templating is strict). The output is
what jinja2 printed, or null when jinja2 raised an error.
"""
import json
import os

import jinja2

M = {
    "macros.j2": "{% macro greet(who, punct='!') %}Hello {{ who }}{{ punct }}{% endmacro %}\n"
                 "{% macro shout(x) %}{{ x | upper }}{% endmacro %}\n"
                 "{% macro both(x) %}{{ greet(x) }} {{ shout(x) }}{% endmacro %}\n"
                 "{% set version = '1.2' %}{% set _hidden = 'h' %}\n"
                 "{% macro sees() %}{{ name | default('no name') }}{% endmacro %}\n",
    "base.j2": "<head>{% block head %}base head{% endblock head %}</head>\n"
               "<body>{% block body %}base body{% block inner %}inner{% endblock %}{% endblock %}</body>\n",
}

CASES = [
    # extends and block
    ({"child.j2": "{% extends 'base.j2' %}{% block head %}child head{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% block head %}[{{ super() }}]{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% block inner %}new inner{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% block body %}B{{ super() }}{% endblock %}{% block inner %}I{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "before {% extends 'base.j2' %}after{{ undefined_thing }}{% block head %}{{ name }}{% endblock %}"}, "child.j2", {"name": "N"}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% set x = 'top' %}{% block head %}{{ x }}{% endblock %}"}, "child.j2", {}, {}),
    ({"mid.j2": "{% extends 'base.j2' %}{% block head %}mid {{ super() }}{% endblock %}",
      "child.j2": "{% extends 'mid.j2' %}{% block head %}child {{ super() }}{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% block head %}{{ self.body() }}{% endblock %}"}, "child.j2", {}, {}),
    ({"p.j2": "{% for i in items %}{% block row scoped %}{{ i }}{% endblock %}{% endfor %}",
      "child.j2": "{% extends 'p.j2' %}{% block row %}<{{ i }}>{% endblock %}"}, "child.j2", {"items": [1, 2]}, {}),
    ({"p.j2": "{% for i in items %}{% block row %}{{ i }}{% endblock %}{% endfor %}"}, "p.j2", {"items": [1, 2]}, {}),
    ({"p.j2": "a{% block r required %}{% endblock %}b",
      "child.j2": "{% extends 'p.j2' %}{% block r %}R{% endblock %}"}, "child.j2", {}, {}),
    ({"p.j2": "a{% block r required %}{% endblock %}b"}, "p.j2", {}, {}),
    ({"child.j2": "{% extends parent %}{% block head %}dyn{% endblock %}"}, "child.j2", {"parent": "base.j2"}, {}),
    ({"child.j2": "{% extends 'missing.j2' %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% extends 'base.j2' %}"}, "child.j2", {}, {}),
    ({"a.j2": "{% extends 'b.j2' %}", "b.j2": "{% extends 'a.j2' %}"}, "a.j2", {}, {}),
    ({"child.j2": "{% block head %}one{% endblock %}{% block head %}two{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% for x in [1] %}{% extends 'base.j2' %}{% endfor %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}\n{% block head %}\n  h\n{% endblock %}\n"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% macro m() %}M{% endmacro %}{% block head %}{{ m() }}{% endblock %}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}\n{%- block head -%}\n  H  \n{%- endblock -%}\n"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% if flag %}{% block head %}flagged{% endblock %}{% endif %}"}, "child.j2", {"flag": False}, {}),
    ({"p.j2": "{% macro pm() %}PM{% endmacro %}{% block b %}{% endblock %}",
      "child.j2": "{% extends 'p.j2' %}{% block b %}{{ pm() }}{% endblock %}"}, "child.j2", {}, {}),
    ({"p.j2": "[{% block b %}{% endblock %}]",
      "child.j2": "{% extends 'p.j2' %}{% set t = 'T' %}{% block b %}{% include 'inc.j2' %}{% endblock %}", "inc.j2": "{{ t }}"}, "child.j2", {}, {}),
    ({"child.j2": "{% extends 'base.j2' %}{% block body %}{{ super() }}+{% endblock %}{% block inner %}{{ super() }}!{% endblock %}"}, "child.j2", {}, {}),
    ({"main.j2": "{% macro m() %}{% import 'macros.j2' as mm %}{{ mm.shout('in') }}{% endmacro %}{{ m() }}"}, "main.j2", {}, {}),
    ({"main.j2": "{% with y = 5 %}{% include 'inc.j2' %}{% endwith %}", "inc.j2": "y={{ y }}"}, "main.j2", {}, {}),
    ({"lib.j2": "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}",
      "main.j2": "{% from 'lib.j2' import each %}{% for o in [1, 2] %}{% call(v) each(['a', 'b']) %}{{ o }}{{ v }}{{ loop.index }} {% endcall %}{% endfor %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% include 'inc.j2' ignore missing without context %}", "inc.j2": "{{ name | default('-') }}"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "{% for x in [1, 2] %}{% include 'inc.j2' %}{% endfor %}", "inc.j2": "{% for y in [x] %}{{ loop.index }}{{ y }}{% endfor %}"}, "main.j2", {}, {}),
    # include
    ({"inc.j2": "[{{ name }}]\n", "main.j2": "a{% include 'inc.j2' %}b"}, "main.j2", {"name": "N"}, {}),
    ({"inc.j2": "{{ i }}", "main.j2": "{% for i in [1, 2] %}{% include 'inc.j2' %},{% endfor %}"}, "main.j2", {}, {}),
    ({"inc.j2": "{{ name | default('none') }}", "main.j2": "{% include 'inc.j2' without context %}"}, "main.j2", {"name": "N"}, {}),
    ({"inc.j2": "{{ name }}", "main.j2": "{% include 'inc.j2' with context %}"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "a{% include 'nope.j2' ignore missing %}b"}, "main.j2", {}, {}),
    ({"main.j2": "a{% include 'nope.j2' %}b"}, "main.j2", {}, {}),
    ({"inc.j2": "I", "main.j2": "{% include ['nope.j2', 'inc.j2'] %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% include ['nope.j2', 'nada.j2'] ignore missing with context %}."}, "main.j2", {}, {}),
    ({"inc.j2": "{% set x = 2 %}{{ x }}", "main.j2": "{% set x = 1 %}{% include 'inc.j2' %}{{ x }}"}, "main.j2", {}, {}),
    ({"inc.j2": "{{ m() }}", "main.j2": "{% macro m() %}M{% endmacro %}{% include 'inc.j2' %}"}, "main.j2", {}, {}),
    ({"inc.j2": "{% extends 'base.j2' %}{% block head %}H{% endblock %}", "main.j2": "<{% include 'inc.j2' %}>"}, "main.j2", {}, {}),
    ({"inc.j2": "x{% include 'inc.j2' %}", "main.j2": "{% include 'inc.j2' %}"}, "main.j2", {}, {}),
    ({"inc.j2": "{% if n > 0 %}{{ n }}{% set n = n - 1 %}{% include 'inc.j2' %}{% endif %}", "main.j2": "{% set n = 3 %}{% include 'inc.j2' %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% include name %}", "x.j2": "X"}, "main.j2", {"name": "x.j2"}, {}),
    ({"inc.j2": "{{ loop is defined }} {{ x }}", "main.j2": "{% for x in [1] %}{% include 'inc.j2' %}{% endfor %}"}, "main.j2", {}, {}),
    ({"sub/inc.j2": "S", "main.j2": "{% include 'sub/inc.j2' %}{% include './sub/inc.j2' %}"}, "main.j2", {}, {}),
    # import and from
    ({"main.j2": "{% import 'macros.j2' as m %}{{ m.greet('you') }} {{ m.greet('x', punct='?') }} {{ m.version }}"}, "main.j2", {}, {}),
    ({"main.j2": "{% from 'macros.j2' import greet, shout as s %}{{ greet('a') }}{{ s('b') }}"}, "main.j2", {}, {}),
    ({"main.j2": "{% from 'macros.j2' import both %}{{ both('q') }}"}, "main.j2", {}, {}),
    ({"main.j2": "{% from 'macros.j2' import version %}{{ version }}"}, "main.j2", {}, {}),
    ({"main.j2": "{% import 'macros.j2' as m %}{{ m.sees() }}"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "{% import 'macros.j2' as m with context %}{{ m.sees() }}"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "{% from 'macros.j2' import sees with context %}{{ sees() }}"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "{% from 'macros.j2' import nothing %}{{ nothing() }}"}, "main.j2", {}, {}),
    ({"main.j2": "{% from 'macros.j2' import _hidden %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% import 'macros.j2' as m %}{{ m._hidden }}"}, "main.j2", {}, {}),
    ({"a.j2": "{% import 'b.j2' as b %}", "b.j2": "{% import 'a.j2' as a %}"}, "a.j2", {}, {}),
    ({"main.j2": "{% import 'macros.j2' as m %}{% call m.greet('c') %}ignored{% endcall %}"}, "main.j2", {}, {}),
    # call blocks and caller
    ({"main.j2": "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}in {{ name }}{% endcall %}"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "{% macro each(xs) %}{% for x in xs %}{{ caller(x, loop.index) }};{% endfor %}{% endmacro %}{% call(item, n) each(['a', 'b']) %}{{ n }}={{ item }}{% endcall %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% macro m() %}[{{ caller() }}]{% endmacro %}{% for i in [1, 2] %}{% call m() %}{{ i }}{% endcall %}{% endfor %}"}, "main.j2", {}, {}),
    ({"lib.j2": "{% macro box() %}({{ caller() }}){% endmacro %}", "main.j2": "{% import 'lib.j2' as lib %}{% set v = 'V' %}{% call lib.box() %}{{ v }}{% endcall %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% macro m(a, b='d') %}{{ a }}{{ b }}{% endmacro %}{% call(x='z') m(1) %}{{ x }}{% endcall %}"}, "main.j2", {}, {}),
    # set blocks, filter blocks, with
    ({"main.j2": "{% set x %}a {{ name }} b{% endset %}[{{ x }}]"}, "main.j2", {"name": "N"}, {}),
    ({"main.j2": "{% filter upper %}hello {{ name }}{% endfilter %}"}, "main.j2", {"name": "n"}, {}),
    ({"main.j2": "{% set x | upper | replace('A', '4') %}a {{ name }}{% endset %}[{{ x }}]"}, "main.j2", {"name": "na"}, {}),
    ({"main.j2": "{% filter replace('a', 'b') | upper %}banana{% endfilter %}"}, "main.j2", {}, {}),
    ({"main.j2": "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a | default('out') }}"}, "main.j2", {}, {}),
    # loop controls (jinja2.ext.loopcontrols)
    ({"main.j2": "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% endfor %}"}, "main.j2", {}, {"loopcontrols": True}),
    ({"main.j2": "{% for i in [1, 2] %}{% for j in [1, 2, 3] %}{% if j == 2 %}{% break %}{% endif %}{{ i }}{{ j }} {% endfor %}{% endfor %}"}, "main.j2", {}, {"loopcontrols": True}),
    ({"main.j2": "{% for i in [1] %}{% break %}{% else %}empty{% endfor %}"}, "main.j2", {}, {"loopcontrols": True}),
    ({"main.j2": "{% for i in [1, 2] %}{% break %}{% endfor %}"}, "main.j2", {}, {}),
    # delimiters and whitespace options
    ({"inc.j2": "[[ x ]]", "main.j2": "[% for x in items %]([[ x ]])[# c #][% include 'inc.j2' %] [% endfor %]"}, "main.j2", {"items": [1, 2]},
     {"variable_start_string": "[[", "variable_end_string": "]]", "block_start_string": "[%", "block_end_string": "%]",
      "comment_start_string": "[#", "comment_end_string": "#]"}),
    ({"main.j2": "<% if true -%>\n  yes {{ 'kept' }}\n<%- endif %>"}, "main.j2", {}, {"block_start_string": "<%", "block_end_string": "%>"}),
    ({"main.j2": "{% if true %}\n    x\n    {% endif %}\nend\n"}, "main.j2", {}, {"lstrip_blocks": True}),
    ({"main.j2": "{% if true %}\nx\n{% endif %}\ny\n"}, "main.j2", {}, {"trim_blocks": False}),
    ({"main.j2": "a\nb{{ 'c\nd' }}\n{% raw %}\n{{ raw }}\n{% endraw %}e"}, "main.j2", {}, {"newline_sequence": "\r\n"}),
    ({"main.j2": "${ x }$ {{ x }} ${'}$'}$"}, "main.j2", {"x": 1}, {"variable_start_string": "${", "variable_end_string": "}$"}),
]

OPTION_NAMES = {"variable_start_string", "variable_end_string", "block_start_string", "block_end_string",
                "comment_start_string", "comment_end_string", "trim_blocks", "lstrip_blocks", "newline_sequence"}


def render(files, main, context, options):
    kwargs = {"trim_blocks": True, "undefined": jinja2.StrictUndefined}
    kwargs.update({k: v for k, v in options.items() if k in OPTION_NAMES})
    if options.get("loopcontrols"):
        kwargs["extensions"] = ["jinja2.ext.loopcontrols"]
    env = jinja2.Environment(loader=jinja2.DictLoader({**M, **files}), **kwargs)
    try:
        return env.get_template(main).render(**context)
    except RecursionError:
        return None
    except Exception:
        return None


def main():
    out = []
    for files, main_name, context, options in CASES:
        out.append({"files": {**M, **files}, "main": main_name, "context": context, "options": options,
                    "output": render(files, main_name, context, options)})
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "JinjaTests", "Fixtures", "templates.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
