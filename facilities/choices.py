"""Fixed vocabularies of the facility records: prefectures, service types, day types."""

from django.db import models

PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
]  # fmt: skip

# Stored as the JIS prefecture code ("01" to "47"), which also orders them north to south.
PREFECTURE_CHOICES = [(f"{i:02d}", name) for i, name in enumerate(PREFECTURES, start=1)]
PREFECTURE_NAMES = dict(PREFECTURE_CHOICES)


def split_prefecture(address):
    """Split "神奈川県相模原市南区" into ("14", "相模原市南区"); ("", address) if none matches."""
    for code, name in PREFECTURE_CHOICES:
        if address.startswith(name):
            return code, address[len(name) :]
    return "", address


class ServiceType(models.TextChoices):
    """就労系 services; the directory shows B型 unless another is asked for."""

    TYPE_B = "b", "就労継続支援B型"
    TYPE_A = "a", "就労継続支援A型"
    TRANSITION = "transition", "就労移行支援"
    RETENTION = "retention", "就労定着支援"


class DayType(models.TextChoices):
    WEEKDAY = "weekday", "平日"
    SATURDAY = "saturday", "土曜"
    SUNDAY = "sunday", "日曜"
    HOLIDAY = "holiday", "祝日"


class Availability(models.TextChoices):
    """Whether something (a visit, a trial, 送迎) is offered; unknown until confirmed."""

    UNKNOWN = "", "未確認"
    YES = "yes", "あり"
    NO = "no", "なし"


class Openings(models.TextChoices):
    """空き状況: whether the office can take new users now."""

    UNKNOWN = "", "未確認"
    OPEN = "open", "空きあり"
    FEW = "few", "空きわずか"
    WAITLIST = "waitlist", "空きなし（順番待ち）"
    ASK = "ask", "要相談"
