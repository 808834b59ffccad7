"""manage.py grant_role USER editors|reviewers [--revoke]: give a user a role (a group made by the
migrations), or take it away."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ROLES = ("editors", "reviewers")


class Command(BaseCommand):
    help = "Make a user an editor or a reviewer (Django groups 'editors' and 'reviewers'), or --revoke it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    def handle(self, *args, username: str, role: str, revoke: bool, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r} (create one with `manage.py createsuperuser` or the admin)") from None
        try:
            group = Group.objects.get(name=role)
        except Group.DoesNotExist:
            raise CommandError(f"no group {role!r}: run `manage.py migrate` first") from None
        if revoke:
            user.groups.remove(group)
            self.stdout.write(f"{username} is no longer in {role}")
        else:
            user.groups.add(group)
            self.stdout.write(f"{username} is now in {role}")
