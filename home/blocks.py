"""StreamField blocks shared by the content pages.

Each block renders through its own template under templates/blocks/, so later page types
(articles, facility pages) can reuse them and extend `BodyBlock`.
"""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the page title is the only h1, so sections start at h2."""

    text = blocks.CharBlock(label="見出し", max_length=120)
    level = blocks.ChoiceBlock(
        label="レベル",
        choices=[("h2", "大見出し（h2）"), ("h3", "小見出し（h3）")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "見出し"
        template = "blocks/heading_block.html"
        preview_value = {"text": "見学の流れ", "level": "h2"}


CALLOUT_KINDS = [("point", "ポイント"), ("note", "ご注意"), ("contact", "ご相談")]


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for something a reader must not miss.

    The kind is written out as a label in the box, never shown by colour alone.
    """

    kind = blocks.ChoiceBlock(label="種類", choices=CALLOUT_KINDS, default="point")
    title = blocks.CharBlock(label="タイトル", max_length=120, required=False)
    text = blocks.RichTextBlock(label="内容", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = "強調ボックス"
        template = "blocks/callout_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(CALLOUT_KINDS).get(value["kind"], "")
        return context


class PageLinkBlock(blocks.StructBlock):
    """A card that sends the reader to another page, with a sentence saying why."""

    page = blocks.PageChooserBlock(label="リンク先ページ")
    title = blocks.CharBlock(
        label="表示名", required=False, help_text="空欄のときはページのタイトルを表示します。"
    )
    description = blocks.TextBlock(label="説明", required=False, max_length=200)

    class Meta:
        icon = "link"
        label = "ページへの案内"


class PageLinksBlock(blocks.StructBlock):
    """A titled group of page cards, used for the ways in on the home page."""

    heading = blocks.CharBlock(label="見出し", max_length=120)
    links = blocks.ListBlock(PageLinkBlock(), label="リンク")

    class Meta:
        icon = "list-ul"
        label = "ページ案内カード"
        template = "blocks/page_links_block.html"


class BodyBlock(blocks.StreamBlock):
    """The body of a content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="段落", features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = ImageBlock(label="画像", template="blocks/image_block.html")
    callout = CalloutBlock()
    page_links = PageLinksBlock()
