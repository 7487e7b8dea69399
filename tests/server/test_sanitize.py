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
