"""The outlet that published an article: from its metadata, else from its URL; never invented."""
from __future__ import annotations

from urllib.parse import urlsplit

# Well-known news domains and the names their readers know them by. Any other domain is reported
# as the domain itself (e.g. "example-news.com"), which is still a true statement about the outlet.
KNOWN_DOMAINS = {
    "apnews.com": "AP", "reuters.com": "Reuters", "afp.com": "AFP", "bbc.com": "BBC",
    "bbc.co.uk": "BBC", "cnn.com": "CNN", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "theguardian.com": "The Guardian",
    "wsj.com": "The Wall Street Journal", "xinhuanet.com": "Xinhua", "news.cn": "Xinhua",
    "globaltimes.cn": "Global Times", "chinadaily.com.cn": "China Daily", "tass.com": "TASS",
    "tass.ru": "TASS", "ria.ru": "RIA Novosti", "rt.com": "RT", "aljazeera.com": "Al Jazeera",
    "politico.com": "Politico", "breitbart.com": "Breitbart", "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost", "usatoday.com": "USA Today", "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News",
    "bloomberg.com": "Bloomberg", "ft.com": "Financial Times", "scmp.com": "South China Morning Post",
    "kyivindependent.com": "The Kyiv Independent", "unn.ua": "UNN", "unn.com.ua": "UNN",
    "dw.com": "DW", "france24.com": "France 24", "lemonde.fr": "Le Monde", "spiegel.de": "Der Spiegel",
}
# Second-level labels under which registrable domains sit (bbc.co.uk, chinadaily.com.cn).
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu"}


def domain_of(url: str | None) -> str | None:
    """The registrable domain of `url` (www. and other subdomains dropped), or None."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    parts = [p for p in host.split(".") if p]
    if len(parts) < 2:
        return None
    keep = 3 if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def outlet_name(site_name: str | None, url: str | None) -> str | None:
    """The outlet from the page's own site name, else the known name of its domain, else the domain.

    A site name that is only a host name (extractors fall back to it) counts as no site name.
    """
    site_name = (site_name or "").strip()
    if site_name and not _looks_like_host(site_name):
        return site_name
    domain = domain_of(url) or domain_of(site_name or None)
    if domain is None:
        return None
    host = (urlsplit(url if url and "//" in url else "//" + (url or site_name)).hostname or "").lower()
    for known, name in KNOWN_DOMAINS.items():
        if host == known or host.endswith("." + known):
            return name
    return domain


def _looks_like_host(name: str) -> bool:
    return " " not in name and "." in name.strip(".")
