/// A Jinja2-compatible template engine (work in progress: see issue 3).
public enum Jinja {}
