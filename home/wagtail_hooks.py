from django.urls import path, reverse

from wagtail import hooks

from . import signin_views


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
