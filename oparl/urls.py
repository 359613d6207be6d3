"""``/oparl/v1.1/``: one System per host, listing the Body of the site (town) it serves."""

from django.urls import path

from . import views

app_name = "oparl"

LIST_NAMES = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "legislativeTerm",
    "membership",
)

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.bodies, name="body_list"),
    path("body/<int:body_id>/", views.body, name="body"),
    *(
        path(f"body/<int:body_id>/{name}/", views.body_objects, {"name": name}, name=f"body_{name}")
        for name in LIST_NAMES
    ),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("meeting/<str:key>/", views.meeting, name="meeting"),
    path("agendaItem/<int:pk>/", views.agenda_item, name="agendaItem"),
    path("paper/<int:pk>/", views.paper, name="paper"),
    path("consultation/<int:pk>/", views.consultation, name="consultation"),
    path("file/<int:pk>/", views.file, name="file"),
]
