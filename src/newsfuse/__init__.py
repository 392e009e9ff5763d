"""newsfuse: what many news reports of the same events say, and how well each part is established."""

__version__ = "0.1.0"
