from django.urls import path

from . import views

# A program's own page is network's (it shows places): config/urls.py adds it to this
# namespace, at programs/<slug>/.
app_name = "programs"
urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program-list"),
]
