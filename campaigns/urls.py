from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("<str:token>/", views.letter, name="letter"),
    path("<str:token>/places/<int:pk>/changes/", views.changes, name="changes"),
]
