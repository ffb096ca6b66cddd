"""The search page: the editions' text and the discussion the viewer may read."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations.forms import SearchForm
from annotations.search import search_run
from edition.access import visible_editions
from edition.models import Edition
from groups.models import ReadingGroup

PAGE_SIZE = 10


def search_form(request) -> SearchForm:
    """The form over the request's query string, offering the viewer's own groups."""
    groups = ReadingGroup.objects.for_user(request.user).order_by("name")
    editions = visible_editions(request.user, Edition.objects.select_related("work"))
    return SearchForm(request.GET or None, editions=editions, groups=groups)


@require_GET
def search(request):
    form = search_form(request)
    results = None
    if form.is_bound and form.is_valid():
        page = request.GET.get("page") or 1
        results = search_run(
            viewer=request.user, params=form.cleaned_data, page=page, per_page=PAGE_SIZE
        )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "results": results, "query_string": query_string.urlencode()}
    return render(request, "annotations/search.html", context)
