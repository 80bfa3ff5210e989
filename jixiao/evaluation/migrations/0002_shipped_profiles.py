"""The two shipped scoring profiles stored as their first versions, the 中央 default in force: every
score then names a stored row. The files are read as they are when the migration runs."""

import tomllib
from importlib import resources

from django.db import migrations

SHIPPED = ("central", "local-2020")
IN_FORCE = "central"


def store(apps, schema_editor):  # type: ignore[no-untyped-def]
    ScoringProfile = apps.get_model("evaluation", "ScoringProfile")
    folder = resources.files("jixiao.evaluate").joinpath("data")
    for name in SHIPPED:
        text = folder.joinpath(f"{name}.toml").read_text("utf-8")
        data = tomllib.loads(text)
        key, version = data["id"], data["version"]
        if ScoringProfile.objects.filter(key=key, version=version).exists():
            continue  # stored already (the default is stored on first use)
        ScoringProfile.objects.create(key=key, version=version, title=data["title"], text=text)
    if not ScoringProfile.objects.filter(in_force=True).exists():
        default = tomllib.loads(folder.joinpath(f"{IN_FORCE}.toml").read_text("utf-8"))
        ScoringProfile.objects.filter(key=default["id"], version=default["version"]).update(
            in_force=True
        )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(store, migrations.RunPython.noop)]
