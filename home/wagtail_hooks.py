from django.http import HttpResponseNotAllowed
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_guide, signin_views
from .models import GlossaryTerm


class GlossaryViewSet(SnippetViewSet):
    """用語集: the field's words that public pages explain where they appear."""

    model = GlossaryTerm
    icon = "help"
    menu_label = "用語集"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["term", "reading", "explanation"]
    ordering = ["reading"]
    search_fields = ["term", "reading", "explanation"]


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", signin_views.manage, name=signin_views.MANAGE),
        path("two-factor/verify/", signin_views.verify, name=signin_views.VERIFY),
        path("two-factor/setup/", signin_views.setup, name=signin_views.SETUP),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse(signin_views.MANAGE),
        "label": "二段階認証",
        "help_text": "認証アプリの変更や、予備コードの作り直しができます。",
    }


@hooks.register("before_serve_page")
def read_only_pages_answer_get_and_head_only(page, request, serve_args, serve_kwargs):
    """Only pages that take a form (their class says `accepts_post = True`) answer POST."""
    if request.method == "POST" and not getattr(page.specific_class, "accepts_post", False):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("guide/", admin_guide.guide, name=admin_guide.URL_NAME)]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(
        "編集ガイド", reverse(admin_guide.URL_NAME), name="site-guide", icon_name="help", order=900
    )


# Wagtail's own help items lead to its English guide and release notes.
WAGTAIL_GUIDE_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def drop_wagtails_english_guides(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDE_ITEMS)]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Sign-in: the operators' page of lockouts, and its audit action (home/lockouts.py).


@hooks.register("register_admin_urls")
def register_signin_admin_urls():
    from . import accounts

    return [
        path("signin-lockouts/", signin_views.lockout_list, name=signin_views.LOCKOUTS),
        # Opened from the mail to the new address, signed in as the account it names.
        path(
            "account/email/confirm/<str:token>/",
            accounts.confirm_email,
            name=accounts.CONFIRM_EMAIL,
        ),
    ]


@hooks.register("register_account_settings_panel")
def register_email_change_panel(request, user, profile):
    from . import accounts

    return accounts.EmailChangePanel(request, user, profile)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    from wagtail.admin.menu import MenuItem

    class OperatorsOnly(MenuItem):
        def is_shown(self, request):
            return request.user.is_superuser

    return OperatorsOnly(
        "ログインの制限",
        reverse(signin_views.LOCKOUTS),
        name="signin-lockouts",
        icon_name="lock",
        order=950,
    )


@hooks.register("register_log_actions")
def register_signin_log_actions(actions):
    actions.register_action(
        "home.signin_lift", "ログイン制限の解除", "ログインの制限を解除しました"
    )
    actions.register_action(
        "home.email_change", "メールアドレスの変更", "確認のリンクからメールアドレスを変更しました"
    )


# The dashboard's site summary (「N ページ」「N 枚の画像」「N 件の文書」) counts the whole site.


def edits_the_whole_site(user):
    """Whether the person's page rights reach a whole site (the operator, editors): the
    summary's counts are theirs. An office's staff reach only their office's pages."""
    from wagtail.models import Page, Site
    from wagtail.permissions import policy_registry

    root = policy_registry.get_by_type(Page).explorable_root_instance(user)
    return root is not None and (root.is_root() or Site.objects.filter(root_page=root).exists())


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds its own
def site_counts_for_whole_site_editors_only(request, items):
    """Office staff read 「4 枚の画像（B型ナビ の全体）」 and 「2 ページ」, counts of the whole
    site, while their own 画像 page showed no image they uploaded: those are left off."""
    from wagtail.admin.site_summary import PagesSummaryItem
    from wagtail.documents.wagtail_hooks import DocumentsSummaryItem
    from wagtail.images.wagtail_hooks import ImagesSummaryItem

    if edits_the_whole_site(request.user):
        return
    site_wide = (PagesSummaryItem, ImagesSummaryItem, DocumentsSummaryItem)
    items[:] = [item for item in items if not isinstance(item, site_wide)]
