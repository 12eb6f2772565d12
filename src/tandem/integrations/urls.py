from django.urls import path

from . import views, views_portfolio

urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook-list"),
    path("projects/<int:project_id>/webhooks/", views.project_webhooks, name="project-webhooks"),
    path("webhooks/<int:webhook_id>/", views.webhook_detail, name="webhook-detail"),
    path("webhooks/<int:webhook_id>/pause/", views.webhook_pause, name="webhook-pause"),
    path("webhooks/<int:webhook_id>/rotate/", views.webhook_rotate, name="webhook-rotate"),
    path("webhooks/<int:webhook_id>/test/", views.webhook_test, name="webhook-test"),
    path("webhooks/<int:webhook_id>/delete/", views.webhook_delete, name="webhook-delete"),
    path("portfolio/", views_portfolio.portfolio, name="portfolio"),
]
