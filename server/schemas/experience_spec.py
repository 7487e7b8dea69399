"""ExperienceSpecSchema: any experience as authored, loaded by the schema of its `type` (a tour when absent)."""
from marshmallow import ValidationError
from marshmallow_oneofschema import OneOfSchema

from .banner_spec import BannerSpecSchema
from .checklist_spec import ChecklistSpecSchema
from .hotspot_spec import HotspotSpecSchema
from .survey_spec import SurveySpecSchema
from .tour_spec import TourSpecSchema

EXPERIENCE_SCHEMAS = {"tour": TourSpecSchema, "banner": BannerSpecSchema, "survey": SurveySpecSchema,
                      "checklist": ChecklistSpecSchema, "hotspot": HotspotSpecSchema}
EXPERIENCE_TYPES = tuple(EXPERIENCE_SCHEMAS)


class ExperienceSpecSchema(OneOfSchema):
    type_schemas = EXPERIENCE_SCHEMAS
    type_field_remove = False

    def _load(self, data, **kwargs):
        if not isinstance(data, dict):
            raise ValidationError({"_schema": ["Invalid input type."]})
        return super()._load(data, **kwargs)

    def get_data_type(self, data):
        kind = data.get("type", "tour")
        if not isinstance(kind, str) or kind not in self.type_schemas:
            raise ValidationError({"type": [f"Must be one of: {', '.join(EXPERIENCE_TYPES)}."]})
        return kind


def experience_type(spec: dict) -> str:
    """The type of a loaded spec (a tour's spec carries none)."""
    return spec.get("type", "tour")
