"""URL routes: the analyst map, the API, the editor pages, login and the admin."""
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

# Log in, log out and password change always; the password-reset pages only when a mail server is
# configured (settings.PASSWORD_RESET_ENABLED), so a reset never "succeeds" without a mail sent.
_accounts = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
if settings.PASSWORD_RESET_ENABLED:
    _accounts += [
        path("password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
        path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
             name="password_reset_confirm"),
        path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    ]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(_accounts)),
    path("", include("events.urls")),
]
