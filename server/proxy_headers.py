"""Which X-Forwarded-* headers the app believes: those of WAYPOST_PROXY_HOPS proxies, and none when it is 0."""
from werkzeug.middleware.proxy_fix import ProxyFix

FORWARDED_HEADERS = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                     "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_X_FORWARDED_SSL",
                     "HTTP_X_FORWARDED_PROTOCOL", "HTTP_X_FORWARDED_SCHEME", "HTTP_X_URL_SCHEME")
SCHEME_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_SSL", "HTTP_X_FORWARDED_PROTOCOL",
                  "HTTP_X_FORWARDED_SCHEME", "HTTP_X_URL_SCHEME", "HTTP_FORWARDED")


class TrustNoProxy:
    """With no proxy to trust, what a client claims in X-Forwarded-* reaches nobody.

    Some WSGI servers act on those headers before the app runs: gunicorn, by default, takes
    X-Forwarded-Proto from 127.0.0.1 (`forwarded_allow_ips`, `secure_scheme_headers`) and makes the
    request https. Waypost's own server never terminates TLS, so a request that came with such a
    header and is marked https was marked so by the header: it is put back to http.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") == "https" and any(h in environ for h in SCHEME_HEADERS):
            environ["wsgi.url_scheme"] = "http"
        for header in FORWARDED_HEADERS:
            environ.pop(header, None)
        return self.wsgi_app(environ, start_response)


def trust_proxies(wsgi_app, hops: int):
    """The app behind `hops` trusted reverse proxies (0: none)."""
    if hops:
        return ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    return TrustNoProxy(wsgi_app)
