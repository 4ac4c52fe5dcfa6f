#!/usr/bin/env python3
"""Raw pager: the baseline of `coursebridge bench sync`.

Gets a token, then fetches and parses (json.loads) every page of a provider's catalog listing, paging exactly as
CourseBridge's client does, and stores nothing. Standard library only (http.client + json), one keep-alive
connection. Prints `items N`, `seconds S` and `peak_rss_mb M`.

usage: raw_pager.py --provider linkedin|coursera|edx|skillsoft --api-base URL [--token-url URL] < credentials
The credentials come on stdin as key=value lines (the lines `coursebridge simulate` prints), never as arguments.
"""
import argparse
import base64
import http.client
import json
import resource
import sys
import time
import urllib.parse

LINKEDIN_LOCALES = ["de_DE", "en_US", "es_ES", "fr_FR", "in_ID", "it_IT", "ja_JP", "ko_KR", "pl_PL",
                    "pt_BR", "tr_TR", "zh_CN"]


class Connection:
    """One keep-alive connection to the API's host; GET/POST return (status, headers, body)."""

    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self.conn = cls(parts.hostname, parts.port)
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def request(self, method, url, body=None, headers=None):
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(self.origin + "/", url))
        path = parts.path + ("?" + parts.query if parts.query else "")
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        data = response.read()
        if response.status >= 300:
            sys.exit(f"raw_pager: {method} {parts.path} answered HTTP {response.status}")
        return response.headers, data

    def get_json(self, url, auth):
        headers, data = self.request("GET", url, headers={"Authorization": auth, "Accept": "application/json"})
        return headers, json.loads(data)


def oauth_token(conn, token_url, creds, basic=False, extra=None, scheme="Bearer"):
    fields = {"grant_type": "client_credentials"}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if basic:
        pair = f"{creds['client_id']}:{creds['client_secret']}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    else:
        fields.update(client_id=creds["client_id"], client_secret=creds["client_secret"])
    fields.update(extra or {})
    _, data = conn.request("POST", token_url, body=urllib.parse.urlencode(fields), headers=headers)
    return f"{scheme} {json.loads(data)['access_token']}"


def url(base, path, query):
    return base.rstrip("/") + path + "?" + urllib.parse.urlencode(query)


def linkedin(conn, base, token_url, creds):
    """Per locale, start/count pages of 100; a locale ends at an empty page or one without a next link."""
    auth = oauth_token(conn, token_url, creds)
    items = 0
    for locale in LINKEDIN_LOCALES:
        language, country = locale.split("_")
        next_url = url(base, "/learningAssets", [
            ("q", "localeAndType"), ("assetType", "COURSE"), ("sourceLocale.language", language),
            ("sourceLocale.country", country), ("expandDepth", "1"), ("includeRetired", "true"),
            ("start", "0"), ("count", "100")])
        while next_url:
            _, page = conn.get_json(next_url, auth)
            elements = page["elements"]
            items += len(elements)
            links = page["paging"].get("links") or []
            href = next((link.get("href") for link in links if str(link.get("rel", "")).lower() == "next"), None)
            next_url = urllib.parse.urljoin(next_url, href) if elements and href else None
    return items


def coursera(conn, base, token_url, creds):
    """The organisation's contents, start/limit pages of 1000, until paging.next is absent."""
    auth = oauth_token(conn, token_url, creds, basic=True)
    org = urllib.parse.quote(creds["org_id"], safe="")
    items, start = 0, 0
    while True:
        _, page = conn.get_json(url(base, f"/{org}/contents", [("start", start), ("limit", 1000)]), auth)
        items += len(page["elements"])
        nxt = (page.get("paging") or {}).get("next")
        if nxt is None:
            return items
        start = int(nxt)


def edx(conn, base, token_url, creds):
    """Every enterprise catalog, each read with DRF paging (page/page_size=100) by following `next`."""
    auth = oauth_token(conn, token_url, creds, extra={"token_type": "jwt"}, scheme="JWT")

    def drf(first):
        next_url = first
        while next_url:
            _, page = conn.get_json(next_url, auth)
            yield page["results"]
            nxt = page.get("next")
            next_url = urllib.parse.urljoin(next_url, nxt) if nxt and nxt.strip() else None

    catalogs = [c["uuid"] for results in drf(base.rstrip("/") + "/enterprise/v2/enterprise-catalogs") for c in results]
    items = 0
    for uuid in catalogs:
        first = url(base, f"/enterprise/v2/enterprise-catalogs/{urllib.parse.quote(uuid, safe='')}/",
                    [("page", 1), ("page_size", 100)])
        for results in drf(first):
            items += len(results)
    return items


def skillsoft(conn, base, _token_url, creds):
    """offset/max pages of 1000 with the first page's x-paging-request-id, until an empty or short page."""
    auth = f"Bearer {creds['bearer_token']}"
    org = urllib.parse.quote(creds["organization_id"], safe="")
    items, offset, request_id = 0, 0, None
    while True:
        query = [("offset", offset), ("max", 1000)] + ([("pagingRequestId", request_id)] if request_id else [])
        headers, page = conn.get_json(url(base, f"/content-discovery/v2/organizations/{org}/catalog-content", query), auth)
        items += len(page)
        request_id = request_id or headers.get("x-paging-request-id")
        total = headers.get("x-total-count")
        if len(page) < 1000 or (total is not None and offset + len(page) >= int(total)):
            return items
        offset += 1000


def peak_rss_mb():
    """This process's own peak (VmHWM): getrusage's ru_maxrss keeps the parent's peak across fork + exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


PROVIDERS = {"linkedin": linkedin, "coursera": coursera, "edx": edx, "skillsoft": skillsoft}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", required=True, choices=sorted(PROVIDERS))
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--token-url")
    args = parser.parse_args()
    creds = dict(line.strip().split("=", 1) for line in sys.stdin if "=" in line)
    started = time.monotonic()
    conn = Connection(args.api_base)
    items = PROVIDERS[args.provider](conn, args.api_base, args.token_url, creds)
    seconds = time.monotonic() - started
    print(f"items {items}")
    print(f"seconds {seconds:.3f}")
    print(f"peak_rss_mb {peak_rss_mb():.1f}")


if __name__ == "__main__":
    main()
