"""The FastAPI app of `newsfuse serve`."""
from .app import create_app

__all__ = ["create_app"]
