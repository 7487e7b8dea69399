"""The error a service raises on purpose; the HTTP layer renders it in the one error shape."""


class ServiceError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def not_found(what: str) -> ServiceError:
    return ServiceError(404, "not_found", f"{what} was not found.")
