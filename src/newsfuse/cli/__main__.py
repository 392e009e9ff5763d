"""`python -m newsfuse.cli`: the same app as the `newsfuse` command."""
from .app import app

app()
