from django.urls import path

from accounts import views as accounts
from accounts.passkeys import passkey_urls

from . import views
from .views import FUNDERS

app_name = "funders"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", accounts.LoginView.as_view(entrance=FUNDERS), name="login"),
    path("logout/", accounts.LogoutView.as_view(entrance=FUNDERS), name="logout"),
    path("grants/<slug:slug>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path("documents/<uuid:pk>/", views.document_download, name="document-download"),
    path(
        "two-factor/",
        accounts.TwoFactorSetupView.as_view(entrance=FUNDERS),
        name="two-factor-setup",
    ),
    path(
        "two-factor/verify/",
        accounts.TwoFactorVerifyView.as_view(entrance=FUNDERS),
        name="two-factor-verify",
    ),
    path(
        "two-factor/recovery-codes/",
        accounts.RecoveryCodesView.as_view(entrance=FUNDERS),
        name="recovery-codes",
    ),
    path("confirm/", accounts.ReauthenticateView.as_view(entrance=FUNDERS), name="reauthenticate"),
    path("sessions/", accounts.SessionsView.as_view(entrance=FUNDERS), name="sessions"),
    *passkey_urls(FUNDERS),
    path(
        "password-reset/",
        accounts.PasswordResetView.as_view(entrance=FUNDERS),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        accounts.PasswordResetDoneView.as_view(entrance=FUNDERS),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(entrance=FUNDERS),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        accounts.PasswordResetCompleteView.as_view(entrance=FUNDERS),
        name="password-reset-complete",
    ),
]
