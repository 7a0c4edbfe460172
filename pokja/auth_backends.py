from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    """Django's backend, loading the user's scope region with the user.

    Every page shows that region in the navbar and scopes by it, so one join saves a query on
    each request.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("region")
        user = users.filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
