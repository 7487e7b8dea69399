"""Flask extensions, created unbound here and bound to an app in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

from . import rate_limit_storage  # noqa: F401  registers the waypost-memory:// scheme
from .models.base import Base
from .schemas.errors import ErrorSchema


class WaypostApi(Api):
    """flask-smorest, documenting our error envelope; our own handlers render errors."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
openapi = WaypostApi()
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)
