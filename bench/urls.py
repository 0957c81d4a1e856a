"""The site's URLs plus the benchmark's references: Django hello, and a one-INSERT view."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as site_urls


def hello(request):
    return HttpResponse("Hello")


@csrf_exempt
def one_insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (body) VALUES (%s)", [request.POST.get("c", "")])
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/insert/", one_insert),
    *site_urls,
]
