from django.urls import path

from pokja import views

app_name = "pokja"

urlpatterns = [
    path("", views.home, name="home"),
    path("nasional/", views.national, name="national"),
    path("wilayah/<str:code>/", views.region_detail, name="region_detail"),
]
