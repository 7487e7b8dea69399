"""Wire format of data-protection endpoints: user export and erasure, the audit log."""
from marshmallow import Schema, fields, validate


class ErasureSchema(Schema):
    erased = fields.Dict(keys=fields.String(), values=fields.Integer())
    suppressed = fields.Boolean()


class AuditQuerySchema(Schema):
    app_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class AuditEntrySchema(Schema):
    id = fields.Integer()
    actor_email = fields.String()
    action = fields.String()
    method = fields.String()
    path = fields.String()
    app_id = fields.Integer(allow_none=True)
    target = fields.Dict()
    status = fields.Integer()
    created_at = fields.DateTime()
