from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in. Organization membership and roles live in their own models."""
