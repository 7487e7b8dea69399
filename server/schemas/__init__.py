"""Marshmallow schemas: the wire format of every request and response."""
