from django.contrib.auth.decorators import login_not_required

from participation.api import api

app_name = "api"

# The API is open data: every route (operations and the OpenAPI description) opts out of
# LoginRequiredMiddleware. login_not_required only marks the view, so wrapping in place is enough.
urlpatterns, _app_name, _namespace = api.urls
for pattern in urlpatterns:
    login_not_required(pattern.callback)
