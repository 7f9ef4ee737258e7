"""The glossary's first terms, so a new site explains the field's words from its first day,
and the permission to edit them for the operator's groups (編集者, 承認者). Staff change or
add terms in the admin (スニペット → 用語集)."""

from django.db import migrations

TERMS = [
    ("就労継続支援B型", "しゅうろうけいぞくしえんBがた",
     "障害や病気のある人が、自分のペースで働ける場所です。雇用契約を結ばないので、体調に合わせて通う日や時間を決められます。"),
    ("就労継続支援A型", "しゅうろうけいぞくしえんAがた",
     "障害のある人が、事業所と雇用契約を結んで働くサービスです。最低賃金より多い給料がもらえます。"),
    ("就労移行支援", "しゅうろういこうしえん",
     "一般の会社で働くことをめざして、準備や練習をするサービスです。使える期間は、原則として2年です。"),
    ("工賃", "こうちん",
     "B型の事業所で作業をして、もらえるお金です。金額は、事業所の仕事の売り上げによって変わります。"),
    ("受給者証", "じゅきゅうしゃしょう",
     "障害福祉サービスを使うために、市区町村からもらう証明書です。申し込みは、市区町村の障害福祉の窓口でします。"),
    ("送迎", "そうげい",
     "事業所の車で、家や駅と事業所のあいだを送り迎えしてもらえることです。"),
    ("見学", "けんがく",
     "利用を決める前に、事業所の様子を見に行くことです。見学は無料です。"),
    ("体験利用", "たいけんりよう",
     "利用を決める前に、何日か実際に作業をしてみることです。"),
    ("相談支援専門員", "そうだんしえんせんもんいん",
     "サービスの使い方をいっしょに考えて、利用の計画を作ってくれる人です。"),
    ("サービス等利用計画", "さーびすとうりようけいかく",
     "どのサービスを、どのくらい使うかを書いた計画です。受給者証をもらうときに使います。"),
    ("定着支援", "ていちゃくしえん",
     "会社で働きはじめた人が、長く働きつづけられるように、相談にのる支援です。"),
    ("SST", "えすえすてぃー",
     "人との話し方や付き合い方を、練習しながら身につけるプログラムです。「社会生活技能訓練」ともいいます。"),
    ("障害者手帳", "しょうがいしゃてちょう",
     "障害があることを示す手帳です。手帳がなくても、B型を利用できることがあります。"),
    ("利用料", "りようりょう",
     "サービスを使うときに払うお金です。収入によって決まり、0円の人がほとんどです。"),
    ("空き状況", "あきじょうきょう",
     "事業所が、新しく利用する人を受け入れられるかどうかです。"),
    ("通所", "つうしょ",
     "家から事業所に通うことです。"),
]
GROUPS = ["編集者", "承認者"]


def add_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("home", "GlossaryTerm")
    for term, reading, explanation in TERMS:
        GlossaryTerm.objects.get_or_create(
            term=term, defaults={"reading": reading, "explanation": explanation}
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="glossaryterm")
    permissions = []
    for action in ("add", "change", "delete"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_glossaryterm",
            defaults={"name": f"Can {action} 用語"},
        )
        permissions.append(permission)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def remove_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("home", "GlossaryTerm")
    GlossaryTerm.objects.filter(term__in=[t for t, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_glossary_terms"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_terms, remove_terms)]
