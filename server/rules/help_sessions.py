"""What a help session is, for the self-service KPIs: its gap, its follow-up window and its channels."""
from datetime import timedelta

SESSION_GAP = timedelta(minutes=30)  # help activity further apart than this is two sessions
FOLLOW_UP = timedelta(hours=24)  # a support request this long after a session's last activity followed it
# widget: began in the help widget (opened, or a search); article_link: began with an article opened straight
# from the host page (a link or the JS API); direct: a support request that followed no help session.
CHANNELS = ("widget", "article_link", "direct")
