"""Query parameters of the annotation container."""

import django_filters

from annotations import audience
from annotations.models import Annotation
from edition.models import Passage


class AnnotationFilter(django_filters.FilterSet):
    edition = django_filters.CharFilter(field_name="edition__slug")
    section = django_filters.CharFilter(field_name="selection__passage__section__slug")
    passage = django_filters.CharFilter(method="filter_passage")
    user = django_filters.CharFilter(method="filter_user")
    tag = django_filters.CharFilter(method="filter_tag")
    group = django_filters.NumberFilter(field_name="group_id")
    motivation = django_filters.ChoiceFilter(choices=Annotation.Motivation.choices)
    parent = django_filters.NumberFilter(field_name="parent_id")

    class Meta:
        model = Annotation
        fields = []

    def filter_user(self, queryset, name, value):
        """By author; never an author the reader sees under a pseudonym ("Student N"),
        else the username would name them."""
        matching = queryset.filter(author__username=value)
        anonymised = audience.anonymised_for(self.request.user)
        return matching if anonymised is None else matching.exclude(anonymised)

    def filter_tag(self, queryset, name, value):
        """Among the items shown in full: a placeholder's tags are not to be probed."""
        return queryset.shown_in_full_to(self.request.user).with_tag(value)

    def filter_passage(self, queryset, name, value):
        """Annotations whose selection includes the passage `value` of `edition`."""
        edition = self.data.get("edition")
        passage = Passage.objects.filter(edition__slug=edition, anchor=value).first()
        if passage is None:
            return queryset.none()
        return queryset.touching(passage)
