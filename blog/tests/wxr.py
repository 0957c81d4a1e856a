"""Write small WordPress exports (WXR) for the import tests and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NS_HTTP = "http://wordpress.org/export/1.2/"
NS_HTTPS = "https://wordpress.org/export/1.2/"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class Comment:
    id: int
    parent: int = 0
    author: str = "Reader"
    email: str = ""
    url: str = ""
    ip: str = "192.0.2.1"
    date: str = "2016-10-21 14:43:00"
    date_gmt: str = "2016-10-21 13:43:00"
    approved: str = "1"
    type: str = ""
    content: str = "A comment."

    def xml(self) -> str:
        return f"""
    <wp:comment>
      <wp:comment_id>{self.id}</wp:comment_id>
      <wp:comment_author>{_cdata(self.author)}</wp:comment_author>
      <wp:comment_author_email>{escape(self.email)}</wp:comment_author_email>
      <wp:comment_author_url>{escape(self.url)}</wp:comment_author_url>
      <wp:comment_author_IP>{escape(self.ip)}</wp:comment_author_IP>
      <wp:comment_date>{self.date}</wp:comment_date>
      <wp:comment_date_gmt>{self.date_gmt}</wp:comment_date_gmt>
      <wp:comment_content>{_cdata(self.content)}</wp:comment_content>
      <wp:comment_approved>{_cdata(self.approved)}</wp:comment_approved>
      <wp:comment_type>{_cdata(self.type)}</wp:comment_type>
      <wp:comment_parent>{self.parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>"""


@dataclass
class Post:
    id: int
    title: str = "A post"
    slug: str = ""
    content: str = "<p>Body.</p>"
    excerpt: str = ""
    status: str = "publish"
    post_type: str = "post"
    creator: str = "editor"
    date: str = "2016-10-21 12:00:00"
    date_gmt: str = "2016-10-21 11:00:00"
    password: str = ""
    link: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    def xml(self) -> str:
        slug = self.slug or f"post-{self.id}"
        link = self.link or f"https://old.example.com/{self.date[:10].replace('-', '/')}/{slug}/"
        terms = "".join(
            f'\n    <category domain="category" nicename="c"><![CDATA[{c}]]></category>'
            for c in self.categories
        ) + "".join(
            f'\n    <category domain="post_tag" nicename="t"><![CDATA[{t}]]></category>'
            for t in self.tags
        )
        comments = "".join(c.xml() for c in self.comments)
        return f"""
  <item>
    <title>{escape(self.title)}</title>
    <link>{escape(link)}</link>
    <dc:creator>{_cdata(self.creator)}</dc:creator>
    <content:encoded>{_cdata(self.content)}</content:encoded>
    <excerpt:encoded>{_cdata(self.excerpt)}</excerpt:encoded>
    <wp:post_id>{self.id}</wp:post_id>
    <wp:post_date>{self.date}</wp:post_date>
    <wp:post_date_gmt>{self.date_gmt}</wp:post_date_gmt>
    <wp:post_name>{_cdata(slug)}</wp:post_name>
    <wp:status>{_cdata(self.status)}</wp:status>
    <wp:post_type>{_cdata(self.post_type)}</wp:post_type>
    <wp:post_password>{_cdata(self.password)}</wp:post_password>{terms}{comments}
  </item>"""


def header(ns: str = NS_HTTP, site: str = "https://old.example.com") -> str:
    version = ns.rstrip("/").rsplit("/", 1)[-1]
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="{ns}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{ns}">
<channel>
  <title>Old blog</title>
  <link>{site}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:base_blog_url>{site}</wp:base_blog_url>
  <wp:author>
    <wp:author_id>1</wp:author_id>
    <wp:author_login>{_cdata("editor")}</wp:author_login>
    <wp:author_email>{_cdata("editor@example.com")}</wp:author_email>
    <wp:author_display_name>{_cdata("Ed Itor")}</wp:author_display_name>
  </wp:author>"""


FOOTER = "\n</channel>\n</rss>\n"


def export(posts: list[Post], ns: str = NS_HTTP, site: str = "https://old.example.com") -> str:
    return header(ns, site) + "".join(p.xml() for p in posts) + FOOTER


def write(path, posts: list[Post], **kwargs):
    path.write_text(export(posts, **kwargs), encoding="utf-8")
    return path


def reference_post(post_id: int = 101, extra_comments: tuple[Comment, ...] = ()) -> Post:
    """The demo's reference article as WordPress exports it: paragraphs as text between blank
    lines, the list as HTML, and Urs's comment (2:43 pm in London, 13:43 GMT)."""
    import json

    from blog.demo import DEMO_FILE

    article = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["articles"][0]
    parts = []
    for block in article["body"]:
        value = block["value"]
        if value.startswith("<p>") and value.count("<p>") == 1:
            value = value[3:].removesuffix("</p>")
        parts.append(value)
    urs = article["comments"][0]
    return Post(
        post_id,
        title=article["title"],
        slug=article["slug"],
        content="\n\n".join(parts),
        comments=[
            Comment(
                1,
                author=urs["name"],
                date="2016-10-21 14:43:00",
                date_gmt="2016-10-21 13:43:00",
                content=urs["text"],
            ),
            *extra_comments,
        ],
    )
