"""The error envelope, for the OpenAPI document."""
from marshmallow import Schema, fields


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), metadata={"description": "Problems per input field."})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
