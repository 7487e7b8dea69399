"""The data model, one module per aggregate; importing this registers every table."""
from .accounts import ROLES, AdminUser, ApiToken
from .alerts import Alert
from .apps import App, AppOrigin
from .audit import AuditEntry, Suppression
from .base import Base, utcnow
from .end_users import Company, CompanyMember, EndUser, TourProgress
from .events import Event
from .kb import KbArticle, KbCategory, KbFeedback, KbGap, KbRequestArticle, KbSearch, SupportRequest
from .media import Media
from .picker import PickerSession
from .rollups import ActiveMonth, ActiveReturn, EventDay, HelpSession, HelpSessionDay, SearchDay
from .tours import Tour, TourVersion
from .webhooks import WebhookBatch, WebhookSubscription

__all__ = [
    "ROLES", "AdminUser", "ApiToken", "App", "AppOrigin", "Base", "utcnow",
    "Company", "CompanyMember", "EndUser", "TourProgress", "Event", "Tour", "TourVersion",
    "AuditEntry", "Suppression", "KbArticle", "KbCategory", "KbFeedback", "KbGap", "KbRequestArticle", "KbSearch",
    "SupportRequest", "PickerSession", "Media", "Alert", "WebhookSubscription", "WebhookBatch", "EventDay",
    "HelpSession", "ActiveMonth", "ActiveReturn", "HelpSessionDay", "SearchDay",
]
