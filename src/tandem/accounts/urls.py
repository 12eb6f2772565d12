from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_people, views_profile

urlpatterns = [
    path("me/profile/", views_profile.profile, name="profile"),
    path("me/tokens/", views_profile.token_create, name="token-create"),
    path("me/tokens/<int:token_id>/revoke/", views_profile.token_revoke, name="token-revoke"),
    path("organization/people/", views_people.people, name="org-people"),
    path("organization/people/<int:person_id>/", views_people.person_admin, name="org-person"),
    path(
        "organization/people/<int:person_id>/deactivate/",
        views_people.person_deactivate,
        name="org-person-deactivate",
    ),
    path(
        "organization/people/<int:person_id>/reactivate/",
        views_people.person_reactivate,
        name="org-person-reactivate",
    ),
    path(
        "organization/people/<int:person_id>/invite-again/",
        views_people.person_reinvite,
        name="org-person-reinvite",
    ),
    path("login/", views.SignInView.as_view(), name="login"),
    path("setup/", views.first_run_setup, name="setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
