"""Roles as Django groups (CONTRACT §3b): `editors` correct mentions, events, control observations and
areas and add sources; `reviewers` may do all that and set an event's review status and merge events
(the custom permission events.review_event). Superusers pass every check without a group.

Permissions are normally created after all migrations (post_migrate); they are created here first so
that a fresh database gets complete groups in one `migrate`."""

from django.db import migrations

EDITOR_PERMISSIONS = [
    "view_source", "add_source",
    "view_place", "add_place",
    "view_mention", "change_mention",
    "view_event", "change_event",
    "view_controlobservation", "add_controlobservation", "change_controlobservation", "delete_controlobservation",
    "view_controlarea", "add_controlarea", "change_controlarea", "delete_controlarea",
    "view_actor",
]
REVIEWER_PERMISSIONS = [*EDITOR_PERMISSIONS, "review_event"]
ROLES = {"editors": EDITOR_PERMISSIONS, "reviewers": REVIEWER_PERMISSIONS}


def create_roles(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("events"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(Permission.objects.filter(content_type__app_label="events", codename__in=codenames))
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0008_tilecell_without_rejected"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
