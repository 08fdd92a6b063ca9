"""The one QR helper (core.qr): the two-factor setup page and the printed place sheet use it."""

import re

from core.qr import qr_svg


def test_an_inline_svg_named_for_screen_readers_with_no_style():
    svg = str(qr_svg("https://example.org/fr/places/a/", 'Code <"a"> & b'))
    assert svg.startswith(
        '<svg role="img" aria-label="Code &lt;&quot;a&quot;&gt; &amp; b" viewBox="0 0 '
    )
    assert 'class="qr"' in svg
    assert " style=" not in svg
    assert "<title>" not in svg
    width, height = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups()
    assert f'width="{width}"' in svg and f'height="{height}"' in svg


def test_with_title_the_label_is_also_the_svg_title():
    svg = str(qr_svg("https://example.org/", "A <label>", title=True))
    assert "<title>A &lt;label&gt;</title>" in svg
