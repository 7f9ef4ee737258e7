"""The blocks staff write articles with: the content page blocks plus tables, checklists, Q&A,
calls to action and links to facility pages."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from facilities.admin_choosers import FacilityChooserBlock
from home.blocks import RICH_TEXT_FEATURES, BodyBlock

TABLE_OPTIONS = {
    "minSpareRows": 0,
    "startRows": 3,
    "startCols": 3,
    "colHeaders": False,
    "rowHeaders": False,
    "contextMenu": [
        "row_above",
        "row_below",
        "---------",
        "col_left",
        "col_right",
        "---------",
        "remove_row",
        "remove_col",
        "---------",
        "undo",
        "redo",
    ],
    "editor": "text",
    "stretchH": "all",
    "renderer": "text",
    "autoColumnSize": False,
}


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="タイトル", max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(label="項目", max_length=200), label="項目")

    class Meta:
        icon = "tick"
        label = "チェックリスト"
        template = "blocks/checklist_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="質問", max_length=200)
    answer = blocks.RichTextBlock(label="回答", features=RICH_TEXT_FEATURES)


class QuestionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="タイトル", max_length=120, required=False)
    items = blocks.ListBlock(QuestionBlock(), label="質問と回答")

    class Meta:
        icon = "help"
        label = "Q&A"
        template = "blocks/questions_block.html"


CTA_KINDS = [("visit", "見学を申し込む"), ("trial", "体験利用を申し込む"), ("general", "相談する")]


class CallToActionBlock(blocks.StructBlock):
    """A button to the visit, trial or contact form, for one facility or in general."""

    kind = blocks.ChoiceBlock(label="種類", choices=CTA_KINDS, default="visit")
    text = blocks.CharBlock(
        label="案内文", max_length=200, required=False, help_text="例：まずは見学してみませんか。"
    )
    facility = FacilityChooserBlock(
        label="事業所",
        required=False,
        help_text="空欄のときは、事業所を決めずに申し込むフォームへ案内します。",
    )

    class Meta:
        icon = "mail"
        label = "申し込みボタン"
        template = "blocks/call_to_action_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["button_label"] = dict(CTA_KINDS).get(value["kind"], "")
        return context


class FacilityLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="見出し", max_length=120, default="この記事で紹介した事業所")
    facilities = blocks.ListBlock(
        FacilityChooserBlock(label="事業所"),
        label="事業所",
    )

    class Meta:
        icon = "home"
        label = "事業所へのリンク"
        template = "blocks/facility_links_block.html"


class ArticleBlock(BodyBlock):
    table = TableBlock(
        label="表",
        table_options=TABLE_OPTIONS,
        template="blocks/table_block.html",
        help_text="「どのセルを見出しにしますか？」で、1行目や1列目を見出しにできます。"
        "見出しは画面読み上げでも表の見出しとして読まれます。",
    )
    checklist = ChecklistBlock()
    questions = QuestionsBlock()
    call_to_action = CallToActionBlock()
    facility_links = FacilityLinksBlock()
