"""The media library: files an app's authors upload for articles, checked by their bytes (not their names),
stored once by content (sha256) and served by that name, so a file never changes under its URL."""
import hashlib
import os
import tempfile
from pathlib import Path

import filetype
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import App, Media
from .errors import ServiceError, not_found

# What articles may show, by the type the bytes say they are: never SVG or HTML, which can run script.
ALLOWED = {
    "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
    "video/mp4": "mp4", "video/webm": "webm", "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/x-wav": "wav",
}


def media_dir() -> Path:
    folder = Path(current_app.config["WAYPOST_MEDIA_DIR"] or Path(current_app.instance_path) / "media")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def save_media(app: App, name: str, data: bytes) -> tuple[Media, bool]:
    """Stores an upload for the app; the same bytes again are the same media (created is False)."""
    if not data:
        raise ServiceError(422, "validation_error", "The file is empty.", {"file": ["The file is empty."]})
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED:
        allowed = ", ".join(sorted(set(ALLOWED.values())))
        raise ServiceError(415, "unsupported_media_type", f"Only images, video and audio ({allowed}) can be uploaded.",
                           {"file": [f"Its content is {mime or 'not a known type'}: upload {allowed}."]})
    digest = hashlib.sha256(data).hexdigest()
    media = db.session.scalar(select(Media).filter_by(app_id=app.id, sha256=digest))
    if media is not None:
        return media, False
    path = media_dir() / f"{digest}.{ALLOWED[mime]}"
    if not path.exists():  # written whole, then renamed: a reader never sees half a file
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    clean = "".join(c for c in Path(name or "").name if c.isprintable())[:255] or path.name
    media = Media(app_id=app.id, sha256=digest, extension=ALLOWED[mime], mime=mime, size=len(data), name=clean)
    db.session.add(media)
    db.session.flush()
    return media, True


def list_media(app: App) -> list[Media]:
    return list(db.session.scalars(select(Media).filter_by(app_id=app.id).order_by(Media.id.desc())))


def delete_media(app: App, media_id: int) -> Path | None:
    """Forgets the app's media. Returns its file when no app holds it any more, for the caller to remove once
    this is committed (removed before, a failed commit would leave media without its file)."""
    media = db.session.get(Media, media_id)
    if media is None or media.app_id != app.id:
        raise not_found("The media")
    filename, digest = media.filename, media.sha256
    db.session.delete(media)
    db.session.flush()
    if db.session.scalar(select(Media.id).filter_by(sha256=digest).limit(1)) is None:
        return media_dir() / filename
    return None


def media_file(filename: str) -> tuple[Path, str]:
    """The stored file behind a media URL's name (sha256.ext) and its type; 404 for any other name."""
    stem, _, extension = filename.partition(".")
    mime = next((m for m, ext in ALLOWED.items() if ext == extension), None)
    if len(stem) != 64 or not all(c in "0123456789abcdef" for c in stem) or mime is None:
        raise not_found("The media")
    if db.session.scalar(select(Media.id).filter_by(sha256=stem, extension=extension).limit(1)) is None:
        raise not_found("The media")
    path = media_dir() / filename
    if not path.is_file():
        raise not_found("The media")
    return path, mime
