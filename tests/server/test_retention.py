"""WAYPOST_EVENT_RETENTION_DAYS: events received before the cutoff are deleted, in slices, in every app; newer ones
stay; unset, nothing is deleted."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.jobs import prune_events
from server.models import EndUser, Event, utcnow
from server.services import retention
from tests.factories import make_app


def _events(ages_in_days):
    app_record = make_app()
    user = EndUser(app_id=app_record.id, external_id="u", traits={})
    db.session.add(user)
    db.session.flush()
    now = utcnow()
    for age in ages_in_days:
        at = now - timedelta(days=age)
        db.session.add(Event(app_id=app_record.id, client_id=str(uuid.uuid4()), type="custom:x", end_user_id=user.id,
                             client_ts=at, received_at=at))
    db.session.commit()


@pytest.mark.parametrize("days, kept", [(0, [1, 29, 31, 400, 1, 29, 31, 400]), (30, [1, 29, 1, 29])])
def test_events_older_than_the_retention_are_deleted(app, days, kept, monkeypatch):
    app.config["WAYPOST_EVENT_RETENTION_DAYS"] = days
    monkeypatch.setattr(retention, "SLICE", 1)  # one event a slice: the slices are what is tested
    _events([1, 29, 31, 400])
    _events([1, 29, 31, 400])
    removed = prune_events()
    now = utcnow()
    left = sorted(round((now - at).total_seconds() / 86400) for at in db.session.scalars(select(Event.received_at)))
    assert left == sorted(kept) and removed == 8 - len(kept)
