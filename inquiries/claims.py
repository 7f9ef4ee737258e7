"""Office staff claiming their office: a request from the public page, checked and decided by
the operator.

Approving gives the person an account that edits only that office's page (a group with page
permissions on it alone) and reads only its inquiries (InquiryAccess), makes them the office's
inquiry address if it has none, and mails an invitation to set a password through the outbox.
Every step is in one transaction with its audit entry.

A claim never takes over an account: an email address proves nothing (its owner can change
it). Approval makes a new account, unless the operator picks an existing one on the claim's
page, which shows who it is; only another office's staff account can be picked
(`attachable_accounts`), never an operator's, an inactive one or one with other rights.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from home import clients
from home.accounts import FIRST_PASSWORD

from . import notifications, outbox
from .models import ClaimStatus, InquiryAccess, InquiryRoute, OfficeClaim
from .routes import revise_routes
from .routing import fallback_address

# What an office's staff may do in the admin besides editing their page.
STAFF_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "change_inquiry"),
]
# On the office's page and below it: edit it, add its news articles, publish both (publishing
# is left out while the operator requires approval, SiteSettings.office_posts_need_approval).
PAGE_PERMISSIONS = ["add_page", "change_page"]
PUBLISH = "publish_page"
# Every office's staff group is named so (office_group); nothing else starts with it.
OFFICE_GROUP_PREFIX = "事業所の職員："
IMAGE_PERMISSIONS = ["add_image", "choose_image"]
CLAIMS_PER_ADDRESS = 5  # per hour, from one network address
# Any fixed number: the PostgreSQL advisory lock that counting and storing claims share.
_COUNT_LOCK = 461_104


class ClaimError(ValueError):
    """A decision that cannot be made as asked; the message is for the operator."""


class TooMany(Exception):
    """This address has sent its share of claims for now; nothing was stored."""


def too_many(client_key, now=None):
    now = now or timezone.now()
    recent = OfficeClaim.objects.filter(created_at__gte=now - timedelta(hours=1))
    return bool(client_key) and recent.filter(client_key=client_key).count() >= CLAIMS_PER_ADDRESS


def submit(facility, data, *, client_key="", review_reasons=(), site_settings=None):
    """Store a claim and tell the operator (through the outbox); returns the claim. Raises
    TooMany when its address is over the limit, counted and stored in one go so that claims
    sent at the same moment cannot all pass (as inquiries are, inquiries.submission)."""
    with transaction.atomic():
        clients.hold_the_count(_COUNT_LOCK)
        if too_many(client_key):
            raise TooMany
        claim = OfficeClaim.objects.create(
            facility=facility,
            name=data["name"],
            role=data["role"],
            email=data["email"],
            phone=data.get("phone", ""),
            message=data.get("message", ""),
            client_key=client_key,
            review_reason="、".join(review_reasons)[:300],
        )
        mail = _mail(
            "claim_received",
            fallback_address(site_settings),
            f"編集アカウントの申請：{facility.title}",
            [
                "事業所の職員から、編集アカウントの申請が届きました。",
                "",
                f"事業所：{facility.title}（{facility.prefecture_name}{facility.city}）",
                f"申請した方：{claim.name}（{claim.role}）",
                f"確認のための電話（オープンデータの番号）：{facility.phone or '（登録なし）'}",
                "",
                "事業所の代表電話にかけて本人と役職を確かめてから、管理画面で判断してください。",
                _admin_url("office_claims:inspect", claim.pk),
            ],
        )
    outbox.send_soon([mail.pk])
    return claim


def approve(claim, *, by, note="", account=None):
    """Give the claimant their account; returns it. The invitation mail goes soon after.

    `account`: an existing account the operator chose for this person (one of
    `attachable_accounts(claim)`); None makes a new one."""
    _check_pending(claim)
    facility = claim.facility
    with transaction.atomic():
        if account is None:
            user = _new_account(claim)
        elif attachable_accounts(claim).filter(pk=account.pk).exists():
            user = account
        else:
            raise ClaimError(
                "そのアカウントには付けられません（運営者、止めてあるアカウント、"
                "事業所の職員以外の権限があるアカウントは選べません）。"
            )
        user.groups.add(office_group(facility))
        access, made = InquiryAccess.objects.get_or_create(
            facility=facility, user=user, defaults={"granted_by": by}
        )
        if made:
            log(access, "wagtail.create", user=by)
        routed = _route_inquiries_to(claim)
        _decide(claim, ClaimStatus.APPROVED, by, note, account=user)
        log(
            claim,
            "inquiries.claim_approve",
            user=by,
            data={"routed": routed, "account": user.pk, "new_account": account is None},
        )
        mail = _invitation(claim, user)
    outbox.send_soon([mail.pk])
    return user


def reject(claim, *, by, note):
    """Refuse the claim (the reason is kept for the operators, not mailed)."""
    _check_pending(claim)
    if not note.strip():
        raise ClaimError("お断りする理由（確認の記録）を入力してください。")
    with transaction.atomic():
        _decide(claim, ClaimStatus.REJECTED, by, note)
        log(claim, "inquiries.claim_reject", user=by)
        mail = _mail(
            "claim_rejected",
            claim.email,
            f"編集アカウントの申請について（{claim.facility.title}）",
            [
                f"{claim.name} 様",
                "",
                f"「{claim.facility.title}」の編集アカウントの申請をいただき、ありがとうございました。",
                "確認ができなかったため、今回はアカウントをお作りできませんでした。",
                "お心当たりがないときや、あらためて申請したいときは、このサイトの運営者に"
                "お問い合わせください。",
            ],
        )
    outbox.send_soon([mail.pk])


def attachable_accounts(claim):
    """Existing accounts the operator may give this claim instead of a new one: active staff
    accounts of other offices with the claim's address, and nothing more (no superuser, no
    rights of their own, no group but offices' staff groups)."""
    others = Group.objects.exclude(name__startswith=OFFICE_GROUP_PREFIX)
    return (
        get_user_model()
        .objects.filter(email__iexact=claim.email, is_active=True, is_superuser=False)
        .filter(groups__name__startswith=OFFICE_GROUP_PREFIX)
        .exclude(groups__in=others)
        .exclude(user_permissions__isnull=False)
        .distinct()
        .order_by("username")
    )


def office_group(facility):
    """The group of one office's staff: edits that page and writes news under it, and
    publishes them unless the operator requires approval."""
    name = f"{OFFICE_GROUP_PREFIX}{facility.title[:100]}（{facility.pk}）"
    group, made = Group.objects.get_or_create(name=name)
    if made:
        group.permissions.set(_permissions(STAFF_PERMISSIONS))
        codenames = PAGE_PERMISSIONS + ([] if _approval_required() else [PUBLISH])
        for permission in _permissions([("wagtailcore", c) for c in codenames]):
            GroupPagePermission.objects.create(group=group, page=facility, permission=permission)
        root = Collection.get_first_root_node()
        for permission in _permissions([("wagtailimages", c) for c in IMAGE_PERMISSIONS]):
            GroupCollectionPermission.objects.create(
                group=group, collection=root, permission=permission
            )
    return group


def _approval_required():
    from home.models import SiteSettings

    site_settings = SiteSettings.objects.filter(site__is_default_site=True).first()
    return bool(site_settings and site_settings.office_posts_need_approval)


def sync_office_publishing(need_approval):
    """Give every office's staff group the right to publish its page, or take it away so that
    their changes go through Wagtail's workflow (submitted, then approved by 承認者)."""
    publish = _permissions([("wagtailcore", PUBLISH)]).get()
    grants = GroupPagePermission.objects.filter(group__name__startswith=OFFICE_GROUP_PREFIX)
    if need_approval:
        grants.filter(permission=publish).delete()
        return
    have = set(grants.filter(permission=publish).values_list("group_id", "page_id"))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group_id=group_id, page_id=page_id, permission=publish)
        for group_id, page_id in set(
            grants.filter(permission__codename="change_page").values_list("group_id", "page_id")
        )
        - have
    )


def _permissions(pairs):
    query = Q(pk__in=[])
    for app, codename in pairs:
        query |= Q(content_type__app_label=app, codename=codename)
    return Permission.objects.filter(query)


def _check_pending(claim):
    claim.refresh_from_db()
    if claim.status != ClaimStatus.PENDING:
        raise ClaimError(f"この申請はすでに「{claim.get_status_display()}」です。")


def _decide(claim, status, by, note, account=None):
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.decision_note = note.strip()
    if account is not None:
        claim.account = account
    claim.save()


def _new_account(claim):
    """A new account for the person, with no password until they set it from the
    invitation."""
    users = get_user_model().objects
    username, n = claim.email.lower(), 1
    while users.filter(username=username).exists():
        n += 1
        username = f"{claim.email.lower()}-{n}"
    last, _, first = claim.name.replace("　", " ").strip().partition(" ")
    user = users.create_user(
        username=username[:150], email=claim.email, first_name=first.strip(), last_name=last
    )
    user.set_unusable_password()
    user.save()
    return user


def _route_inquiries_to(claim):
    """Make the claimant the office's inquiry address if it has none; True if done (as page
    content, inquiries.routes)."""
    facility = claim.facility
    if facility.inquiry_routes.exists():
        return False

    def add_claimant(routes):
        routes.append(InquiryRoute(email=claim.email, label=claim.role[:60]))
        return True

    return revise_routes(facility, add_claimant, user=claim.decided_by)


def _invitation(claim, user):
    """The mail to the person: a link to set their first password on a new account (kept in
    the outbox only until sent), or word that their account now has this office too."""
    if user.has_usable_password():
        start = [
            f"「{claim.facility.title}」のページも、お使いのアカウント"
            f"「{user.get_username()}」で編集できるようになりました。",
            "いつものパスワードと認証アプリでログインしてください。",
        ]
    else:
        token = default_token_generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = _absolute(reverse(FIRST_PASSWORD, args=[uid, token]))
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        start = [
            f"「{claim.facility.title}」のページを編集するアカウントができました。",
            f"次のアドレスを開いて、{hours}時間以内にパスワードを決めてください。",
            link,
            "",
            f"ログインするときの名前：{user.get_username()}",
        ]
    return _mail(
        outbox.CLAIM_INVITATION,
        claim.email,
        f"編集アカウントのご案内（{claim.facility.title}）",
        [
            f"{claim.name} 様",
            "",
            *start,
            f"管理画面：{_absolute(reverse('wagtailadmin_home'))}",
            "",
            "このアカウントでできること：",
            "・事業所のページ（作業内容、工賃、送迎、空き状況、写真など）の編集と公開",
            "・事業所のお知らせ（記事）を書いて公開すること",
            "・これから届く、この事業所あてのお問い合わせを読み、状況を変えること",
            "（承認より前に相談窓口が受け付けた申し込みは、相談窓口から引き継いだものだけが"
            "表示されます。）",
            "初めてログインするとき、スマートフォンの認証アプリの設定をお願いします。",
            *(
                []
                if user.has_usable_password()
                else [
                    "",
                    "期限が過ぎたときは、ログイン画面の「パスワードをお忘れですか？」から、"
                    f"{claim.email} を入れると、新しい案内が届きます。",
                ]
            ),
        ],
    )


def _mail(purpose, to, subject, lines):
    """Saved to the outbox, with the site's name and one-line subject that inquiry mails get."""
    mail = notifications.outbox_message(None, purpose, to, subject, lines)
    mail.save()
    return mail


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _admin_url(name, pk):
    return _absolute(reverse(name, args=[pk]))
