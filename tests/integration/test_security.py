"""Security settings a user or an operator can observe: login throttling, CSP, no fake password reset."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-7"


def _login(client: Client, password: str):
    return client.post("/accounts/login/", {"username": "analyst", "password": password},
                       REMOTE_ADDR="198.51.100.7")


def test_repeated_wrong_passwords_lock_the_account_out(django_user_model):
    django_user_model.objects.create_user("analyst", password=PASSWORD)
    client = Client()
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200  # the form again, with its error
    assert _login(client, "wrong").status_code == 429
    assert _login(client, PASSWORD).status_code == 429  # even the right password, while locked
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_logs_in(django_user_model):
    django_user_model.objects.create_user("analyst", password=PASSWORD)
    client = Client()
    for _ in range(3):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_pages_carry_a_content_security_policy_with_no_outside_origin(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "http" not in policy.replace("'self'", "")
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "unsafe" not in script_src


def test_password_reset_is_not_offered_without_a_mail_server(client):
    assert client.get("/accounts/password_reset/").status_code == 404
