"""What a page's HTML says before any JavaScript runs: title, language, robots, preview.

Link-preview crawlers (LinkedIn, WhatsApp, Slack, e-mail) fetch a URL with plain HTTP and
read only the ``<head>``. ``head_for`` decides it from the page's route and query: a
private link (a private page, or a secret among its parameters, see ``web.links``) gets
its page's generic title, ``noindex`` and nothing more, whatever else it names; a shared
result, public by choice, gets a preview card. (A room's join link is an audience page,
whose own ``<head>`` holds its card: audience/templates/join.html.) Every sentence is in
``WORDS`` (the route titles are in ``web.routes``), a catalogue message said in the head's
language: a shared result's bank language, else the link's ``?lang=``, else
English (``head_language``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs

from networking_works.messages import N_
from networking_works.report import Report, ReportError, report_from_dict
from networking_works.store import Store
from web import i18n, links
from web.links import PRIVATE_PARAMS, Param
from web.routes import PREVIEW_IMAGE_PATH, PRIVATE_ROUTES, RESULTS, WELCOME, Route

SITE = "Networking works"
WORDS = {
    "shared": N_("Shared networking radar"),
    "not_found": N_("Result not found"),
    "not_found_text": N_("This shared result was deleted, has expired or never existed."),
    "picture_busy": N_("Many pictures are being made right now: try again in a few seconds."),
    "weakest": N_("Needs the most work: {parts}."),
    "no_scores": N_("Not enough answers to score this radar yet."),
    "welcome_text": N_(
        "A five-minute check of where your networking falls short, with a radar of yours "
        "and a plan for this week."
    ),
}
DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class Preview:
    description: str
    url: str  # the canonical public link: nothing but the public parameter
    image: str | None = None  # absolute URL of the 1200x630 picture


@dataclass(frozen=True)
class Head:
    title: str
    lang: str = i18n.DEFAULT
    private: bool = False
    preview: Preview | None = None


def is_private(route: Route, query_text: str) -> bool:
    found = parse_qs(query_text, keep_blank_values=True)
    return route in PRIVATE_ROUTES or any(p.value in found for p in PRIVATE_PARAMS)


def say(key: str, lang: str) -> str:
    """``WORDS[key]`` in ``lang`` (a language the app speaks), outside any script run."""
    return i18n.translations(i18n.supported(lang) or i18n.DEFAULT).gettext(WORDS[key])


def head_language(query_text: str) -> str:
    """The language a link asks for with ``?lang=``, else English."""
    asked = parse_qs(query_text).get(Param.LANG.value, [None])[0]
    return i18n.supported(asked) or i18n.DEFAULT


def head_for(
    route: Route, query_text: str, base: str, store: Store, languages: dict[str, str]
) -> Head:
    """The head of ``route`` at ``base``; ``languages``: bank id -> language."""
    lang = head_language(query_text)
    if is_private(route, query_text):
        return generic_head(route, lang)
    found = parse_qs(query_text)
    value = found.get(Param.RESULT.value, [None])[0] if route is RESULTS else None
    if value is not None:
        return _shared_result(value, base, store, languages, lang)
    if route is WELCOME:
        return Head(SITE, lang, preview=Preview(say("welcome_text", lang), links.home().at(base)))
    return Head(route_title(route, lang), lang)


def generic_head(route: Route, lang: str = i18n.DEFAULT) -> Head:
    """What a private link shows, and any page when nothing more can be said safely."""
    return Head(route_title(route, lang), lang, private=True)


def shared_report(store: Store, token: str) -> Report | None:
    """The live shared result ``token``, or None (unknown, deleted, expired, damaged)."""
    try:
        return report_from_dict(store.results.get(token))
    except ReportError:
        return None


def image_path(token: str) -> str:
    """The path of a shared result's preview picture: only its public token."""
    return f"/{PREVIEW_IMAGE_PATH}/{token}.png"


def card_lines(report: Report, lang: str = i18n.DEFAULT) -> list[str]:
    """The preview's sentences, in ``lang``: the weakest parts, then the headline."""
    if not report.weakest:
        return [say("no_scores", lang)]
    lines = [say("weakest", lang).format(parts=", ".join(report.weakest))]
    first = report.why.split(". ")[0].rstrip(".")
    headline = report.profiles[0].name if report.profiles else (f"{first}." if first else "")
    return [*lines, headline] if headline else lines


def _shared_result(
    token: str, base: str, store: Store, languages: dict[str, str], asked: str
) -> Head:
    report = shared_report(store, token)
    if report is None:
        text = say("not_found_text", asked)
        return Head(shared_title(False, asked), asked, preview=Preview(text, base))
    url = links.result(token).at(base)
    lang = i18n.supported(languages.get(report.bank_id)) or asked  # the result's language
    description = _cut(" ".join(card_lines(report, lang)))
    image = f"{base.rstrip('/')}{image_path(token)}"
    return Head(shared_title(True, lang), lang, preview=Preview(description, url, image))


def _title(text: str) -> str:
    return text if text == SITE else f"{text} · {SITE}"


def route_title(route: Route, lang: str = i18n.DEFAULT) -> str:
    """The title of ``route``'s page in ``lang``, as in the browser's tab."""
    return _title(i18n.translations(i18n.supported(lang) or i18n.DEFAULT).gettext(route.title))


def shared_title(found: bool, lang: str = i18n.DEFAULT) -> str:
    return _title(say("shared" if found else "not_found", lang))


def _cut(text: str) -> str:
    return text if len(text) <= DESCRIPTION_MAX else f"{text[: DESCRIPTION_MAX - 1].rstrip()}…"


def render(head: Head) -> str:
    """The tags ``head`` adds to the page's ``<head>``, every value escaped."""
    tags = [f"<title>{escape(head.title)}</title>", _meta("name", "referrer", "no-referrer")]
    if head.private:
        return "\n".join([*tags, _meta("name", "robots", "noindex, nofollow")])
    preview = head.preview
    if preview is None:
        return "\n".join(tags)
    tags += [
        _meta("name", "description", preview.description),
        _meta("property", "og:site_name", SITE),
        _meta("property", "og:type", "website"),
        _meta("property", "og:title", head.title),
        _meta("property", "og:description", preview.description),
        _meta("property", "og:url", preview.url),
        _meta("name", "twitter:title", head.title),
        _meta("name", "twitter:description", preview.description),
    ]
    if preview.image is None:
        return "\n".join([*tags, _meta("name", "twitter:card", "summary")])
    return "\n".join(
        [
            *tags,
            _meta("property", "og:image", preview.image),
            _meta("property", "og:image:type", "image/png"),
            _meta("property", "og:image:width", "1200"),
            _meta("property", "og:image:height", "630"),
            _meta("property", "og:image:alt", head.title),
            _meta("name", "twitter:card", "summary_large_image"),
            _meta("name", "twitter:image", preview.image),
        ]
    )


def _meta(kind: str, name: str, content: str) -> str:
    return f'<meta {kind}="{name}" content="{escape(content)}" />'


def rewrite(page: bytes, head: Head) -> bytes:
    """Streamlit's index HTML with ``head``'s title, language and tags."""
    text = page.decode("utf-8")
    start, end = text.find("<title>"), text.find("</title>")
    if start < 0 or end < start:  # not the page we know: add our head, keep theirs
        start = end = text.find("</head>")
    else:
        end += len("</title>")
    if start < 0:
        return page
    text = f"{text[:start]}{render(head)}{text[end:]}"
    text = text.replace('<html lang="en">', f'<html lang="{escape(head.lang)}">', 1)
    return text.encode("utf-8")
