from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.models import Page

from .slugs import slug_for, unique_slug

# What a title with nothing readable in it gets (a title of symbols only).
FALLBACK_SLUG = "page"
SLUG_HELP = (
    "ページのアドレス（URL）の最後の部分です。空欄のまま保存すると、タイトルの読みから"
    "ローマ字で作ります（例：「秋の収穫祭のお知らせ」→ aki-no-shuukakusai-no-oshirase）。"
    "自分で書くときは、半角の英小文字・数字・ハイフン（-）を使います。"
)


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with translated labels.

    Wagtail leaves the password and "remember me" labels to Django's defaults, which are
    built from the field names and so stay in English on a Japanese admin.
    """

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
    remember = forms.BooleanField(label=_("Remember me"), required=False)


class PageForm(WagtailAdminPageForm):
    """Every page type's admin form: the slug may be left empty, and a new page whose title
    is Japanese gets a readable one made from the title (home.slugs) instead of what the
    admin's script makes by dropping every non-ASCII character (「見学の前に確かめたい5つの
    こと」 gave "5"). A slug the editor typed, or an existing page's, is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].label = "URLの末尾"
            self.fields["slug"].help_text = SLUG_HELP

    def clean(self):
        title = self.cleaned_data.get("title") or ""
        slug = self.cleaned_data.get("slug") or ""
        new_page = self.instance.pk is None
        typed_by_script = slug == slugify(title) and not title.isascii()
        if not slug and not new_page:
            self.cleaned_data["slug"] = self.instance.slug  # a page's address stays
        elif title and (not slug or (new_page and typed_by_script)):
            self.cleaned_data["slug"] = unique_slug(
                slug_for(title) or FALLBACK_SLUG,
                lambda candidate: Page._slug_is_available(
                    candidate, self.parent_page, self.instance
                ),
            )
        return super().clean()


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="確認コード",
        max_length=40,
        help_text="認証アプリに表示されている6桁の数字を入力してください。"
        "スマートフォンが手元にないときは、予備コード（英数字8文字）も使えます。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": "確認コードを入力してください。"},
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label="アプリに表示された6桁の数字",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "アプリに表示された6桁の数字を入力してください。"},
    )
