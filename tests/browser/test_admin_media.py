"""The media library in the article editor: upload an image and a video, insert them, see them in the preview
as readers will, with a warning for everything the sanitizer removes."""
import re

import pytest
from playwright.sync_api import expect

from tests.server.test_media import MP4, png

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


@pytest.mark.parametrize("width", [1280, 375])
def test_upload_insert_and_preview_media_with_the_sanitizers_warnings(browser, admin_server, width, tmp_path):
    app = admin_server.new_app("Media")
    (tmp_path / "logo.png").write_bytes(png())
    (tmp_path / "demo.mp4").write_bytes(MP4)
    (tmp_path / "fake.png").write_bytes(b"<svg onload=alert(1)>")
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": width, "height": 900})
        page.expect_http_errors(415)  # the fake image's refusal
        page.login("editor")
        page.open(f"/apps/{app['id']}/kb/new")
        page.get_by_label("Slug").fill("media-demo")
        page.get_by_label("Locale").fill("en")
        page.get_by_label("Title").fill("Media demo")
        body = page.get_by_label("Body (Markdown)")
        body.fill("Before. <script>alert(1)</script> <iframe src=\"https://evil.example/x\"></iframe>")
        library = page.locator("details.media-library")
        library.locator("summary").click()
        upload = page.get_by_label("Upload an image, a video or an audio file")
        upload.set_input_files(str(tmp_path / "fake.png"))
        expect(library.get_by_role("alert")).to_contain_text("upload")
        upload.set_input_files(str(tmp_path / "logo.png"))
        expect(library.get_by_text("Uploaded logo.png.")).to_be_visible()
        library.get_by_role("button", name="Insert logo.png").click()
        upload.set_input_files(str(tmp_path / "demo.mp4"))
        expect(library.get_by_role("button", name="Insert demo.mp4")).to_be_visible()
        library.get_by_role("button", name="Insert demo.mp4").click()
        text = body.input_value()
        assert re.search(r"!\[logo\.png\]\(/media/[0-9a-f]{64}\.png\)", text), text
        video_url = re.search(r'<video controls src="(/media/[0-9a-f]{64}\.mp4)"></video>', text).group(1)

        page.get_by_role("button", name="Preview article body").click()
        preview = page.get_by_role("region", name="Preview of article body")
        expect(preview.locator("img")).to_have_attribute("src", re.compile(r"^/media/[0-9a-f]{64}\.png$"))
        expect(preview.locator("video")).to_have_attribute("src", video_url)
        assert preview.locator("img").evaluate("img => img.complete && img.naturalWidth") == 2  # the image loads
        warning = page.locator(".markdown-preview [role=alert]")
        expect(warning).to_contain_text("<script> (1)")
        expect(warning).to_contain_text("<iframe src> (1)")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
        part = page.request.get(admin_server.url + video_url, headers={"Range": "bytes=0-99"})
        assert part.status == 206 and part.body() == MP4[:100]
