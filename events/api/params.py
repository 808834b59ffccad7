"""Parsing of the query parameters the API shares: dates and bounding boxes."""

from __future__ import annotations

import datetime

from events.api.errors import BadRequest


def parse_date_param(name: str, value: str | None, *, required: bool = False) -> datetime.date | None:
    if value in (None, ""):
        if required:
            raise BadRequest(f"{name} is required (YYYY-MM-DD)")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{name}: expected a date string YYYY-MM-DD, not {type(value).__name__}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}: invalid date {value!r}, expected YYYY-MM-DD") from None


def parse_period(params) -> tuple[datetime.date | None, datetime.date | None]:
    """The optional `start` and `end` dates of a request, start not after end."""
    start = parse_date_param("start", params.get("start"))
    end = parse_date_param("end", params.get("end"))
    if start and end and start > end:
        raise BadRequest("start must not be after end")
    return start, end


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """minlon,minlat,maxlon,maxlat in WGS84; longitudes in [-180, 180], latitudes in [-90, 90]."""
    if value in (None, ""):
        return None
    parts = value.split(",")
    if not value.isascii():
        raise BadRequest("bbox: expected four numbers minlon,minlat,maxlon,maxlat")
    try:
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError:
        raise BadRequest("bbox: expected four numbers minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90 and -90 <= maxlat <= 90):
        raise BadRequest("bbox: coordinates out of range (lon -180..180, lat -90..90)")
    if minlat > maxlat or minlon > maxlon:
        raise BadRequest("bbox: min must not exceed max")
    return minlon, minlat, maxlon, maxlat


def parse_country(value: str | None) -> str | None:
    """An ISO 3166 alpha-2 country code (any case), or None when absent."""
    if not value:
        return None
    if len(value) != 2 or not (value.isascii() and value.isalpha()):
        raise BadRequest("country: expected an ISO 3166 alpha-2 code such as IQ")
    return value
