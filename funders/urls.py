from django.urls import path

from . import views

app_name = "funders"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", views.FunderLoginView.as_view(), name="login"),
    path("logout/", views.FunderLogoutView.as_view(), name="logout"),
    path("grants/<slug:slug>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path("documents/<uuid:pk>/", views.document_download, name="document-download"),
    path("two-factor/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("two-factor/verify/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
