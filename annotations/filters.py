"""Query parameters of the annotation container."""

import django_filters

from annotations.models import Annotation
from edition.models import Passage


class AnnotationFilter(django_filters.FilterSet):
    edition = django_filters.CharFilter(field_name="edition__slug")
    section = django_filters.CharFilter(field_name="selection__passage__section__slug")
    passage = django_filters.CharFilter(method="filter_passage")
    user = django_filters.CharFilter(field_name="author__username")
    tag = django_filters.CharFilter(method="filter_tag")
    group = django_filters.NumberFilter(field_name="group_id")
    motivation = django_filters.ChoiceFilter(choices=Annotation.Motivation.choices)
    parent = django_filters.NumberFilter(field_name="parent_id")

    class Meta:
        model = Annotation
        fields = []

    def filter_tag(self, queryset, name, value):
        return queryset.with_tag(value)

    def filter_passage(self, queryset, name, value):
        """Annotations whose selection includes the passage `value` of `edition`."""
        edition = self.data.get("edition")
        passage = Passage.objects.filter(edition__slug=edition, anchor=value).first()
        if passage is None:
            return queryset.none()
        return queryset.touching(passage)
