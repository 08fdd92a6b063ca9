"""The admin's sign-in pages beside its own login and logout.

Included under the admin's prefix (/<lang>/admin/) in config/urls.py, before the admin's own
URLs. The funders' space lists the same views, with its entrance, in funders/urls.py.
"""

from django.urls import path

from . import views
from .entrances import ADMIN
from .passkeys import passkey_urls

urlpatterns = [
    path(
        "two-factor/setup/",
        views.TwoFactorSetupView.as_view(entrance=ADMIN),
        name="two_factor_setup",
    ),
    path(
        "two-factor/verify/",
        views.TwoFactorVerifyView.as_view(entrance=ADMIN),
        name="two_factor_verify",
    ),
    path(
        "two-factor/recovery-codes/",
        views.RecoveryCodesView.as_view(entrance=ADMIN),
        name="recovery_codes",
    ),
    path("confirm/", views.ReauthenticateView.as_view(entrance=ADMIN), name="reauthenticate"),
    path("sessions/", views.SessionsView.as_view(entrance=ADMIN), name="sessions"),
    *passkey_urls(ADMIN),
    path("e-mails/", views.MailPreferenceView.as_view(entrance=ADMIN), name="mail_preference"),
    # The admin's login page links to the URL named admin_password_reset.
    path(
        "password-reset/",
        views.PasswordResetView.as_view(entrance=ADMIN),
        name="admin_password_reset",
    ),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(entrance=ADMIN),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(entrance=ADMIN),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(entrance=ADMIN),
        name="password_reset_complete",
    ),
]
