"""What every filtered public list shares: the list mixin, and the message for an unknown value."""


def unknown_value(message):
    """The message for a value that is not among the choices; %(value)s is what was sent."""
    return {"invalid_choice": message}


def query_without(query, *names):
    """A copy of the query (a QueryDict) without those parameters, nor the page: a filter
    that changes sends the visitor back to page 1."""
    rest = query.copy()
    for name in (*names, "page"):
        rest.pop(name, None)
    return rest


class FilteredListMixin:
    """A ListView filtered through a django-filter FilterSet, for visitors without JavaScript.

    An unknown value (a stale link, a typo) never raises: the page says which value was not
    understood, leaves that filter out, and answers 400 so that the address is not indexed.
    The options are given to the template once, for both the <select> and the plain links.
    """

    filterset_class = None

    def get_queryset(self):
        # get_base_queryset() comes from the app's own mixin.
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.get_base_queryset(), request=self.request
        )
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    def _url_with(self, name, value=None):
        query = query_without(self.request.GET, name)
        if value is not None:
            query[name] = value
        return f"?{query.urlencode()}" if query else self.request.path

    def _filters(self):
        """The filters, each with its options (value, label, link, selected) and active value."""
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {}) if self.filterset.is_bound else {}
        filters = []
        for name, field in form.fields.items():
            current = cleaned.get(name)
            if hasattr(field, "queryset"):
                to_field = field.to_field_name or "pk"
                options = [(str(getattr(obj, to_field)), str(obj)) for obj in field.queryset]
                current_value = str(getattr(current, to_field)) if current else ""
            else:
                options = [
                    (str(value), str(label)) for value, label in field.choices if value != ""
                ]
                current_value = str(current) if current else ""
            filters.append(
                {
                    "name": name,
                    "label": field.label,
                    "empty_label": getattr(self.filterset, "empty_labels", {}).get(name, ""),
                    "options": [
                        {
                            "value": value,
                            "label": label,
                            "url": self._url_with(name, value),
                            "selected": value == current_value,
                        }
                        for value, label in options
                    ],
                    "active": dict(options).get(current_value) if current_value else None,
                    "remove_url": self._url_with(name),
                    "errors": form.errors.get(name, []) if self.filterset.is_bound else [],
                }
            )
        return filters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self._filters()
        context.update(
            filterset=self.filterset,
            filters=filters,
            active_filters=[f for f in filters if f["active"]],
            filter_errors=[error for f in filters for error in f["errors"]],
            unfiltered_url=self.request.path,
        )
        return context
