from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification-list"),
    path("me/email-preferences/", views.email_preferences, name="email-preferences"),
    path("notifications/read-all/", views.notification_read_all, name="notification-read-all"),
]
