"""Production serving with gunicorn, started from `waypost serve`."""
from gunicorn.app.base import BaseApplication

from .jobs import start_webhook_worker


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def run_gunicorn(app, host: str, port: int, workers: int) -> None:
    """Serve `app` with `workers` processes of 4 threads each; logs go to stderr."""
    with app.app_context():
        from .extensions import db

        db.engine.dispose()  # no connection may be shared across the fork
    _Gunicorn(app, {
        "bind": f"{host}:{port}", "workers": workers, "worker_class": "gthread", "threads": 4,
        "accesslog": "-", "errorlog": "-", "timeout": 60, "graceful_timeout": 10,
        "post_worker_init": lambda worker: start_webhook_worker(app),
    }).run()
