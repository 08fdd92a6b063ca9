from django.urls import path

from accounts import views as accounts
from accounts.passkeys import passkey_urls

from . import views
from .views import OPERATORS

app_name = "operators"

urlpatterns = [
    path("", views.SpaceView.as_view(), name="space"),
    path("confirm/", views.ConfirmAllView.as_view(), name="confirm-all"),
    path("proposals/", views.ProposalsView.as_view(), name="proposals"),
    path("new-place/", views.NewPlaceView.as_view(), name="new-place"),
    path("places/<slug:slug>/", views.PlaceView.as_view(), name="place"),
    path("places/<slug:slug>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("places/<slug:slug>/propose/", views.ProposeView.as_view(), name="propose"),
    path("places/<slug:slug>/closure/", views.ClosureView.as_view(), name="closure"),
    path(
        "places/<slug:slug>/closed-for-good/",
        views.ClosedForGoodView.as_view(),
        name="closed-for-good",
    ),
    path("login/", accounts.LoginView.as_view(entrance=OPERATORS), name="login"),
    path("logout/", accounts.LogoutView.as_view(entrance=OPERATORS), name="logout"),
    path(
        "two-factor/",
        accounts.TwoFactorSetupView.as_view(entrance=OPERATORS),
        name="two-factor-setup",
    ),
    path(
        "two-factor/verify/",
        accounts.TwoFactorVerifyView.as_view(entrance=OPERATORS),
        name="two-factor-verify",
    ),
    path(
        "two-factor/recovery-codes/",
        accounts.RecoveryCodesView.as_view(entrance=OPERATORS),
        name="recovery-codes",
    ),
    path(
        "reauthenticate/",
        accounts.ReauthenticateView.as_view(entrance=OPERATORS),
        name="reauthenticate",
    ),
    path("sessions/", accounts.SessionsView.as_view(entrance=OPERATORS), name="sessions"),
    *passkey_urls(OPERATORS),
    path(
        "password-reset/",
        accounts.PasswordResetView.as_view(entrance=OPERATORS),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        accounts.PasswordResetDoneView.as_view(entrance=OPERATORS),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(entrance=OPERATORS),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        accounts.PasswordResetCompleteView.as_view(entrance=OPERATORS),
        name="password-reset-complete",
    ),
]
