"""The mails an inquiry causes, written to the outbox in the inquiry's own transaction.

Staff mails carry the reference, kind, office and a link to the admin, never what the person
wrote about their health or disability: that is read in the admin, behind a login. Subjects
are built from our own values only, on one line, so no field can inject a mail header.
"""

from django.conf import settings
from django.urls import reverse

from home.dates import japanese_datetime

from .models import OutboxMessage, Writer
from .routing import office_staff_addresses, recipient_for, recipients


def _one_line(text):
    return " ".join(str(text).split())


def _site_name():
    return settings.WAGTAIL_SITE_NAME


def admin_url(inquiry):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "inquiries:inspect", args=[inquiry.pk]
    )


def outbox_message(inquiry, purpose, to, subject, lines):
    return OutboxMessage(
        inquiry=inquiry,
        purpose=purpose,
        to=to,
        subject=_one_line(f"[{_site_name()}] {subject}")[:200],
        body="\n".join(lines) + "\n",
    )


def _contact_lines(site_settings):
    lines = [f"{_site_name()}"]
    if site_settings is not None and site_settings.phone:
        hours = f"（{site_settings.reception_hours}）" if site_settings.reception_hours else ""
        lines.append(f"電話：{site_settings.phone}{hours}")
    return lines


def for_new_inquiry(inquiry, site_settings):
    """Staff notices (per recipient) and the writer's confirmation; saved, returns their ids."""
    received = japanese_datetime(inquiry.created_at)
    kind = inquiry.get_kind_display()
    to = recipient_for(inquiry, site_settings)
    desk_lines = (
        [
            "",
            "※この申し込みは相談窓口あてです（送られたとき、この事業所はこのサイトからの"
            "申し込みの宛先を登録していませんでした）。",
            "相談窓口から事業所に連絡し、申し込みを取り次いでください。",
            f"事業所の電話：{to.office_phone or '（登録なし）'}",
            "申し込んだ方には「相談窓口が受け付け、事業所に連絡する」と伝えてあります。",
            "体調や障害についての内容は、本人の了解なしに事業所へ伝えないでください。",
        ]
        if to.via_desk_to_office
        else []
    )
    messages = [
        outbox_message(
            inquiry,
            "staff",
            address,
            f"{kind}の申し込み {inquiry.reference}（{inquiry.office}）",
            [
                f"{kind}の申し込みがありました。",
                "",
                f"受付番号：{inquiry.reference}",
                f"種類：{kind}",
                f"事業所：{inquiry.office}",
                f"受付日時：{received}",
                *desk_lines,
                *(
                    ["", f"※確認が必要です：{inquiry.review_reason}"]
                    if inquiry.needs_review
                    else []
                ),
                "",
                "内容は管理画面でご確認ください（ログインが必要です）。",
                admin_url(inquiry),
                "",
                "このメールには個人の健康・障害に関する情報は書いていません。",
            ],
        )
        for address in recipients(inquiry, site_settings)
    ]
    # A post that looks like a robot's gets no confirmation: it could send our mail to any
    # address it typed. The confirmation repeats nothing the visitor typed, for the same reason.
    if inquiry.email and not inquiry.needs_review:
        supporter = inquiry.writer == Writer.SUPPORTER
        office = inquiry.facility.title if inquiry.facility else "（事業所を決めずにご相談）"
        messages.append(
            outbox_message(
                inquiry,
                "confirmation",
                inquiry.email,
                f"{kind}のお申し込みを受け付けました（受付番号 {inquiry.reference}）",
                [
                    f"{_site_name()}でお申し込みいただいた方へ",
                    "",
                    f"{kind}のお申し込みを受け付けました。ありがとうございます。",
                    "",
                    f"受付番号：{inquiry.reference}",
                    f"事業所：{office}",
                    *(
                        [
                            f"申し込み先：{to.name}",
                            "",
                            f"{office}は、まだこのサイトからの申し込みを直接受け取って"
                            f"いません。{to.name}が事業所に連絡し、おつなぎします。",
                            "体調や障害について書いていただいたことは、"
                            f"{to.name}の担当者だけが読みます。",
                            *([f"事業所の電話：{to.office_phone}"] if to.office_phone else []),
                        ]
                        if to.via_desk_to_office
                        else []
                    ),
                    "",
                    f"{'相談窓口の' if to.desk else ''}担当者から、ご希望の方法でご連絡します。"
                    "数日たっても連絡がないときは、"
                    "お手数ですが受付番号をそえてお問い合わせください。",
                    *(
                        ["", "対応の状況が変わったときは、このメールアドレスにお知らせします。"]
                        if supporter
                        else []
                    ),
                    "",
                    "このメールに心当たりがないときは、このメールを破棄してください。",
                    "",
                    *_contact_lines(site_settings),
                ],
            )
        )
    OutboxMessage.objects.bulk_create(messages)
    return [m.pk for m in messages]


def mails_supporter(inquiry):
    """Whether a status change is mailed to the person who wrote (a referring supporter)."""
    return inquiry.writer == Writer.SUPPORTER and bool(inquiry.email) and not inquiry.anonymised_at


def for_status_change(inquiry, site_settings):
    """Tell the referring social worker the new status; returns the new mail's ids."""
    if not mails_supporter(inquiry):
        return []
    message = outbox_message(
        inquiry,
        "status",
        inquiry.email,
        f"受付番号 {inquiry.reference} の状況：{inquiry.get_status_display()}",
        [
            f"{inquiry.name} 様",
            "",
            f"ご紹介いただいた{inquiry.get_kind_display()}のお申し込みについて、"
            "状況が変わりましたのでお知らせします。",
            "",
            f"受付番号：{inquiry.reference}",
            f"事業所：{inquiry.office}",
            f"いまの状況：{inquiry.get_status_display()}",
            "",
            "くわしくは事業所の担当者にお問い合わせください。",
            "",
            *_contact_lines(site_settings),
        ],
    )
    message.save()
    return [message.pk]


def for_hand_on(inquiry, site_settings):
    """Tell the office's staff that the desk handed them a request; returns the mails' ids."""
    kind = inquiry.get_kind_display()
    withheld = (
        ["", "体調や障害について書かれた内容は、ご本人の同意がないため相談窓口が預かっています。"]
        if inquiry.health_withheld
        else []
    )
    messages = [
        outbox_message(
            inquiry,
            "hand_on",
            address,
            f"相談窓口から{kind}の申し込みを引き継ぎました {inquiry.reference}",
            [
                f"このサイトの相談窓口が受け付けた{kind}の申し込みを、事業所に引き継ぎました。",
                "",
                f"受付番号：{inquiry.reference}",
                f"事業所：{inquiry.office}",
                f"受付日時：{japanese_datetime(inquiry.created_at)}",
                *withheld,
                "",
                "内容と相談窓口からのメモは管理画面でご確認ください（ログインが必要です）。",
                admin_url(inquiry),
                "",
                "このメールには個人の健康・障害に関する情報は書いていません。",
                "",
                *_contact_lines(site_settings),
            ],
        )
        for address in office_staff_addresses(inquiry)
    ]
    OutboxMessage.objects.bulk_create(messages)
    return [m.pk for m in messages]
