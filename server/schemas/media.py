"""What the media library answers."""
from marshmallow import Schema, fields


class MediaSchema(Schema):
    id = fields.Integer()
    name = fields.String(metadata={"description": "The uploaded file's name."})
    kind = fields.String(metadata={"description": "image, video or audio."})
    mime = fields.String()
    size = fields.Integer()
    url = fields.Function(lambda m: f"/media/{m.filename}",
                          metadata={"description": "Relative to the Waypost server; what an article embeds."})
    created_at = fields.DateTime()
