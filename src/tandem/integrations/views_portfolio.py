"""The portfolio page: the viewer's projects side by side, and the people they share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .portfolio import portfolio_for


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    found = portfolio_for(request.user)
    context = {
        "portfolio": found,
        "shows_money": any(line.shows_money for line in found.projects),
    }
    return render(request, "integrations/portfolio.html", context)
