"""The media allow-lists of article bodies hold against URLs that Python and browsers read differently."""
import pytest

from server.services.sanitize import article_to_html

HOSTS = ("www.youtube.com",)


@pytest.mark.parametrize("markup", [
    # a browser reads a backslash as a slash: the host is evil.example, "@www.youtube.com/" its path
    '<iframe src="https://evil.example\\@www.youtube.com/embed/a"></iframe>',
    '<iframe src="https://evil.example&#9;\\@www.youtube.com/embed/a"></iframe>',
    '<iframe src="https://someone@www.youtube.com/embed/a"></iframe>',
    '<iframe src="https://www.youtube.com.evil.example/embed/a"></iframe>',
    '<iframe src="http://www.youtube.com/embed/a"></iframe>',
    # browsers drop tabs and newlines inside URLs: "/\t/evil.example" is "//evil.example"
    '<video src="/&#9;/evil.example/x.mp4"></video>',
    '<video src="/&#10;/evil.example/x.mp4"></video>',
    '<video><source src="/&#13;/evil.example/x.mp4"></video>',
    '<video src="/\\evil.example/x.mp4"></video>',
])
def test_media_from_elsewhere_loses_its_source(markup):
    html = article_to_html(markup, HOSTS)
    assert "src=" not in html and "evil.example" not in html, html


def test_media_from_allowed_places_keeps_its_source():
    html = article_to_html('<iframe src="https://www.youtube.com/embed/a"></iframe>\n\n'
                           '<video src="/media/a.mp4"><source src="/media/a.webm"></video>', HOSTS)
    assert 'src="https://www.youtube.com/embed/a"' in html
    assert 'src="/media/a.mp4"' in html and 'src="/media/a.webm"' in html


def test_the_preview_lists_what_the_sanitizer_drops_for_every_payload(client, app):
    from pathlib import Path

    from tests.factories import auth_headers, make_admin, make_app

    app_record = make_app()
    headers = auth_headers(app, make_admin("editor"))
    payloads = (Path(__file__).resolve().parents[1] / "xss_payloads.txt").read_text(encoding="utf-8")
    for text in [payloads, *payloads.splitlines()[:60]]:
        answer = client.post(f"/api/v1/apps/{app_record.id}/preview/markdown", headers=headers,
                             json={"markdown": text, "kind": "article"})
        assert answer.status_code == 200, (text, answer.get_json())
    answer = client.post(f"/api/v1/apps/{app_record.id}/preview/markdown", headers=headers, json={
        "markdown": 'Hi <script>x()</script><img src=/a.png onerror=x()><iframe src="https://evil.example/"></iframe>',
        "kind": "article"}).get_json()
    assert answer["dropped"] == ["<iframe> (1)", "<iframe src> (1)", "<img onerror> (1)", "<script> (1)"]
    assert "<iframe" not in answer["html"] and "<img" in answer["html"]
