"""The media library: uploads checked by their bytes, stored once by content, served immutable with Range."""
import base64
import io
import struct
import zlib

import pytest

from tests.factories import auth_headers, make_admin, make_app


def png(width=2, height=2) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# The smallest MP4 header filetype knows ('ftyp' box, isom brand), then some bytes to ask ranges of.
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 40
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")


def upload(client, app_record, headers, name, data, field="file"):
    return client.post(f"/api/v1/apps/{app_record.id}/media", headers=headers,
                       data={field: (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def test_an_image_and_a_video_upload_and_are_served_immutable_with_ranges(client, editor):
    app_record = make_app()
    image = upload(client, app_record, editor, "logo.png", png())
    assert image.status_code == 201, image.get_json()
    body = image.get_json()
    assert body["kind"] == "image" and body["mime"] == "image/png" and body["name"] == "logo.png"
    assert body["url"].startswith("/media/") and body["url"].endswith(".png") and len(body["url"]) == 7 + 64 + 4
    served = client.get(body["url"])
    assert served.status_code == 200 and served.data == png() and served.mimetype == "image/png"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert served.headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in served.headers["Content-Security-Policy"]
    again = upload(client, app_record, editor, "other-name.png", png())
    assert again.status_code == 201 and again.get_json()["id"] == body["id"]  # the same bytes: the same media

    video = upload(client, app_record, editor, "demo.mp4", MP4).get_json()
    assert video["kind"] == "video" and video["url"].endswith(".mp4")
    part = client.get(video["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == MP4[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert client.get(video["url"], headers={"Range": "bytes=999999-"}).status_code == 416
    assert client.get(video["url"], headers={"If-None-Match": served.headers.get("ETag", "x")}).status_code in (200, 304)
    listed = client.get(f"/api/v1/apps/{app_record.id}/media", headers=editor).get_json()
    assert [m["kind"] for m in listed] == ["video", "image"]


@pytest.mark.parametrize("name, data", [
    ("evil.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("page.png", b"<!doctype html><script>alert(1)</script>"),
    ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
    ("polyglot.jpg", b"%PDF-1.4\n" + png()),
    ("empty.png", b""),
    ("../../etc/passwd.png", b"root:x:0:0"),
])
def test_what_is_not_an_image_video_or_audio_by_its_bytes_is_refused(client, editor, name, data):
    app_record = make_app()
    answer = upload(client, app_record, editor, name, data)
    assert answer.status_code in (415, 422), answer.get_json()
    assert "file" in answer.get_json()["error"]["fields"]
    assert client.get(f"/api/v1/apps/{app_record.id}/media", headers=editor).get_json() == []


def test_a_hostile_file_name_is_only_a_label(client, editor):
    app_record = make_app()
    answer = upload(client, app_record, editor, "../../x/<b>a\u202e.gif", GIF)
    assert answer.status_code == 201
    assert answer.get_json()["name"] == "<b>a.gif"  # no path, no bidi override; shown as text
    assert answer.get_json()["url"].endswith(".gif") and "/x/" not in answer.get_json()["url"]


def test_uploads_need_an_editor_and_stay_within_the_app(client, app):
    app_record, other = make_app(), make_app()
    viewer = auth_headers(app, make_admin("viewer"))
    editor = auth_headers(app, make_admin("editor"))
    assert upload(client, app_record, viewer, "a.gif", GIF).status_code == 403
    assert client.post(f"/api/v1/apps/{app_record.id}/media", data={"file": (io.BytesIO(GIF), "a.gif")},
                       content_type="multipart/form-data").status_code == 401
    media = upload(client, app_record, editor, "a.gif", GIF).get_json()
    assert client.delete(f"/api/v1/apps/{other.id}/media/{media['id']}", headers=editor).status_code == 404
    assert client.get(f"/api/v1/apps/{other.id}/media", headers=editor).get_json() == []
    assert upload(client, app_record, editor, "a.gif", GIF, field="wrong").status_code == 422
    assert client.post(f"/api/v1/apps/{app_record.id}/media", headers=editor, json={"file": "x"}).status_code == 415
    assert client.delete(f"/api/v1/apps/{app_record.id}/media/{media['id']}", headers=editor).status_code == 204
    assert client.get(media["url"]).status_code == 404


def test_too_large_is_413(client, editor, app):
    app.config["WAYPOST_MEDIA_MAX_BYTES"] = 1000
    assert upload(client, make_app(), editor, "big.mp4", MP4).status_code == 413


@pytest.mark.parametrize("path", ["/media/x.png", "/media/" + "0" * 64 + ".png", "/media/" + "a" * 64 + ".svg",
                                  "/media/..%2F..%2Fconfig.py", "/media/" + "A" * 64 + ".png"])
def test_unknown_or_crafted_media_names_are_404(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


def test_a_delete_that_is_not_committed_keeps_the_file(client, app, editor):
    from server.extensions import db
    from server.models import App
    from server.services.media import delete_media, media_dir

    app_record = make_app()
    media = upload(client, app_record, editor, "a.gif", GIF).get_json()
    path = media_dir() / media["url"].rsplit("/", 1)[1]
    assert path.exists()
    unused = delete_media(db.session.get(App, app_record.id), media["id"])
    assert unused == path and path.exists()  # the caller removes it once committed
    db.session.rollback()
    assert client.get(media["url"]).status_code == 200
    assert client.delete(f"/api/v1/apps/{app_record.id}/media/{media['id']}", headers=editor).status_code == 204
    assert not path.exists()
