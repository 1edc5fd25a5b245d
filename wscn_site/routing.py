"""How the site's URL rules are read and built.

- ``<int:...>`` in every route is at most 2**31 - 1 (an INTEGER column), so a longer id is a 404,
  not an overflow.
- Werkzeug compiles two URL-building functions for every rule when it is added (Python source,
  then ``compile``): for the site's ~300 rules that is 0.2 s of every start, most of it for rules
  a process never builds a link to. Here each builder is compiled the first time a link to its
  rule is built, and then kept on the rule; what it builds is Werkzeug's own code, unchanged.
"""
from werkzeug.routing import IntegerConverter, Rule


class DatabaseId(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


class LazilyBuiltRule(Rule):
    def _compile_builder(self, append_unknown=True):
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_first_link(rule, **values):
            builder = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, builder)  # two threads at once each compile the same: harmless
            return builder(**values)

        return build_first_link


def init_app(app):
    """Before any rule is added."""
    app.url_map.converters["int"] = DatabaseId
    app.url_rule_class = LazilyBuiltRule
