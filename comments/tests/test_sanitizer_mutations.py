"""Mutation-XSS and embedding payloads, alone and inside allowed markup, come out safe.

No database: these tests call the sanitizer directly and judge its output with the shared
HTML-safety oracle (comments/tests/html_safety.py), which parses it as a browser would.
"""

from __future__ import annotations

import pytest

from comments.tests.sanitizing import (
    sanitized_safely,
)

MUTATION_PAYLOADS = [
    pytest.param("<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", id="svg-p-style"),
    pytest.param(
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        id="math-mtext-table-mglyph-style",
    ),
    pytest.param(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', id="noscript-title"
    ),
    pytest.param("<math><mi><svg><mtext><style><img src onerror=alert(1)>", id="math-mi-svg"),
    pytest.param(
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        id="form-math-mglyph",
    ),
    pytest.param('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', id="svg-p-a"),
    pytest.param('<a href="javascript:alert(1)" title="<noscript>">x</a>', id="a-title-noscript"),
    pytest.param(
        '<noscript><a title="</noscript><img src=x onerror=alert(1)>">', id="noscript-a-title"
    ),
    pytest.param("<svg><style><img src=x onerror=alert(1)></style></svg>", id="svg-style"),
    pytest.param("<math><style><img src=x onerror=alert(1)></style></math>", id="math-style"),
    pytest.param(
        "<svg><desc><style><img src=x onerror=alert(1)></style></desc></svg>", id="svg-desc"
    ),
    pytest.param('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', id="xlink"),
    pytest.param(
        "<math><annotation-xml encoding=text/html><style><img src onerror=alert(1)>",
        id="annotation-xml",
    ),
    pytest.param("<style><img src=x onerror=alert(1)></style>", id="style-content"),
    pytest.param("<p><style></p><img src=x onerror=alert(1)>", id="p-style"),
    pytest.param("<textarea><img src=x onerror=alert(1)></textarea>", id="textarea"),
    pytest.param("<xmp><img src=x onerror=alert(1)></xmp>", id="xmp"),
    pytest.param("<title><img src=x onerror=alert(1)></title>", id="title-element"),
    pytest.param("<template><img src=x onerror=alert(1)></template>", id="template"),
    pytest.param("<noembed><img src=x onerror=alert(1)></noembed>", id="noembed"),
    pytest.param("<plaintext><img src=x onerror=alert(1)>", id="plaintext"),
    pytest.param("<iframe><img src=x onerror=alert(1)></iframe>", id="iframe-content"),
    pytest.param('<iframe srcdoc="<script>alert(1)</script>"></iframe>', id="iframe-srcdoc"),
    pytest.param(
        '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>', id="iframe-srcdoc-enc"
    ),
    pytest.param('<iframe src="javascript:alert(1)"></iframe>', id="iframe-src"),
    pytest.param('<base href="javascript:alert(1)//">', id="base-href"),
    pytest.param('<base href="https://evil.example/">', id="base-href-https"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', id="meta-refresh"
    ),
    pytest.param('<object data="javascript:alert(1)"></object>', id="object-data"),
    pytest.param('<embed src="javascript:alert(1)">', id="embed"),
    pytest.param('<embed src="data:image/svg+xml;base64,PHN2Zz4=">', id="embed-data"),
    pytest.param('<form action="javascript:alert(1)"><button>go</button></form>', id="form"),
    pytest.param('<button formaction="javascript:alert(1)">go</button>', id="button-formaction"),
    pytest.param('<input type="image" src="x" formaction="javascript:alert(1)">', id="input"),
    pytest.param('<link rel="import" href="https://evil.example/x.html">', id="link-import"),
    pytest.param('<link rel="stylesheet" href="https://evil.example/x.css">', id="link-css"),
    pytest.param('<p style="width: expression(alert(1))">x</p>', id="css-expression"),
    pytest.param('<a href="https://x" style="background:url(javascript:alert(1))">x</a>', id="css"),
    pytest.param("<style>body{background:url(javascript:alert(1))}</style>", id="style-element"),
    pytest.param("<style>@import 'https://evil.example/x.css';</style>", id="style-import"),
    pytest.param('<div style="behavior: url(x.htc)">x</div>', id="css-behavior"),
    pytest.param("<!--><img src=x onerror=alert(1)>-->", id="comment-gt"),
    pytest.param("<!--[if IE]><img src=x onerror=alert(1)><![endif]-->", id="conditional-comment"),
    pytest.param("<![CDATA[<img src=x onerror=alert(1)>]]>", id="cdata"),
    pytest.param("<?xml-stylesheet href=x?><img src=x onerror=alert(1)>", id="processing-instr"),
    pytest.param(
        '<a href="https://x"><a href="javascript:alert(1)">y</a></a>', id="nested-anchors"
    ),
    pytest.param("<table><td><img src=x onerror=alert(1)></td></table>", id="table-foster"),
]


@pytest.mark.parametrize("payload", MUTATION_PAYLOADS)
def test_mutation_and_embedding_payloads_are_neutralised(payload):
    sanitized_safely(payload)


@pytest.mark.parametrize("payload", MUTATION_PAYLOADS)
def test_mutation_payloads_are_safe_when_wrapped_in_allowed_markup(payload):
    # Same payloads, reached through allowed containers and an http link, where parsers differ.
    sanitized_safely(f"<blockquote><p><b>{payload}</b></p></blockquote>")
    sanitized_safely(f"<ul><li><pre><code>{payload}</code></pre></li></ul>")
    sanitized_safely(f'<a href="https://example.com">{payload}</a>')
