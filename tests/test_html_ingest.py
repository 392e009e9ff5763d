"""extract_html on small hand-written pages: what a news page yields, and what a non-article does not."""
from newsfuse.ingest.html import extract_html, strip_leftovers

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour bridge reopens after repairs | The Coastal Gazette</title>
  <meta property="og:site_name" content="The Coastal Gazette">
  <meta property="og:title" content="Harbour bridge reopens after repairs">
  <meta name="author" content="Maria Lindqvist">
  <meta property="article:published_time" content="2024-05-17T08:30:00+01:00">
  <meta property="article:modified_time" content="2024-05-18T10:00:00+01:00">
  <link rel="canonical" href="https://coastalgazette.example/news/harbour-bridge-reopens">
  <script>var tracker = "SECRET_TRACKING_TOKEN"; window.dataLayer = [];</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/login">Log in</a></nav>
  <main>
    <article>
      <h1>Harbour bridge reopens after repairs</h1>
      <p class="byline">By Maria Lindqvist</p>
      <p>The harbour bridge reopened to traffic on Friday morning after eight months of repairs
      to its corroded steel supports, the city council said.</p>
      <script>document.write("INLINE_SCRIPT_TEXT should never be read");</script>
      <p>Engineers found in September that salt water had eaten into two of the six main piers,
      and the council closed the crossing the same week as a precaution.</p>
      <p>"We are relieved to have the bridge back," said the mayor, Anna Berg, who thanked
      residents for their patience during the long detour through the industrial estate.</p>
      <p>The repairs cost 14 million euros, two million more than first planned, because the
      contractor had to replace a third pier that inspectors judged unsafe in January.</p>
      <p>Share on Facebook</p>
    </article>
  </main>
  <aside><h2>Most read</h2><ul><li><a href="/a">Ferry timetable changes</a></li>
  <li><a href="/b">New school opens</a></li></ul></aside>
  <footer>Copyright 2024 The Coastal Gazette. All rights reserved.</footer>
</body>
</html>"""


def test_news_page_gives_title_text_date_and_site():
    page = extract_html(NEWS_PAGE)
    assert page is not None
    assert page.title == "Harbour bridge reopens after repairs"
    assert page.site_name == "The Coastal Gazette"
    assert page.author == "Maria Lindqvist"
    # The publication date, not the later modification date.
    assert page.published == "2024-05-17"
    assert "article:published_time" in page.published_evidence
    assert "2024-05-17T08:30:00+01:00" in page.published_evidence
    assert page.url == "https://coastalgazette.example/news/harbour-bridge-reopens"
    assert page.language == "en"
    assert "trafilatura" in page.extractor and "favor_precision" in page.extractor
    # The headline is the title, not the first line of the text.
    assert page.text.startswith("The harbour bridge reopened to traffic on Friday morning")
    assert "replace a third pier that inspectors judged unsafe in January." in page.text


def test_paragraphs_stay_on_separate_lines():
    lines = extract_html(NEWS_PAGE).text.split("\n")
    assert any(line.startswith("Engineers found in September") for line in lines)
    assert any(line.startswith('"We are relieved') for line in lines)


def test_page_furniture_stays_out_of_the_text():
    page = extract_html(NEWS_PAGE)
    for furniture in ("Log in", "Ferry timetable", "All rights reserved", "Share on Facebook"):
        assert furniture not in page.text


def test_script_content_never_leaks_into_text():
    page = extract_html(NEWS_PAGE)
    assert "SECRET_TRACKING_TOKEN" not in page.text
    assert "INLINE_SCRIPT_TEXT" not in page.text
    assert "document.write" not in page.text


def test_given_url_wins_over_canonical_link():
    page = extract_html(NEWS_PAGE, url="https://mirror.example/harbour")
    assert page.url == "https://mirror.example/harbour"


def _undated(html):
    for tag in ('<meta property="article:published_time" content="2024-05-17T08:30:00+01:00">',
                '<meta property="article:modified_time" content="2024-05-18T10:00:00+01:00">',
                '<link rel="canonical" href="https://coastalgazette.example/news/harbour-bridge-reopens">'):
        html = html.replace(tag, "")
    return html


def test_date_only_in_url_is_found_with_that_evidence():
    page = extract_html(_undated(NEWS_PAGE), url="https://coastalgazette.example/2024/05/16/harbour-bridge-reopens")
    assert page.published == "2024-05-16"
    assert page.published_evidence.startswith("htmldate")
    assert "URL https://coastalgazette.example/2024/05/16/" in page.published_evidence


def test_copyright_year_is_not_taken_for_a_publication_date():
    # htmldate's last resort turns "Copyright 2024" into 2024-01-01.
    page = extract_html(_undated(NEWS_PAGE), url="https://coastalgazette.example/news/harbour-bridge")
    assert page is not None
    assert page.published is None and page.published_evidence is None


def test_date_in_json_ld_is_named_as_such():
    json_ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
               '"datePublished": "2024-05-15T06:00:00Z"}</script></head>')
    page = extract_html(_undated(NEWS_PAGE).replace("</head>", json_ld))
    assert page.published == "2024-05-15"
    assert page.published_evidence == 'htmldate (original date): JSON-LD {"datePublished": "2024-05-15T06:00:00Z"}'
    assert "NewsArticle" not in page.text


LOGIN_PAGE = """<html><head><title>Sign in - The Coastal Gazette</title></head><body>
<form action="/login" method="post"><h1>Sign in to your account</h1>
<label>Email address</label><input type="email" name="email">
<label>Password</label><input type="password" name="pw">
<button>Sign in</button><a href="/forgot">Forgot your password?</a>
<p>Don't have an account? <a href="/register">Create one now</a></p></form>
<footer>Copyright 2024 The Coastal Gazette. All rights reserved.</footer></body></html>"""


def test_login_page_is_not_an_article():
    assert extract_html(LOGIN_PAGE) is None


def test_empty_body_and_empty_string_are_not_articles():
    assert extract_html("<html><head><title>Nothing</title></head><body></body></html>") is None
    assert extract_html("") is None


def test_script_only_page_is_not_an_article():
    html = "<html><body><script>" + "var paragraph = 'This looks like a long sentence of text'; " * 20 + "</script></body></html>"
    assert extract_html(html) is None


def test_truncated_html_still_gives_what_it_can():
    # Cut mid-way through the fourth paragraph: no closing tags at all.
    cut = NEWS_PAGE[:NEWS_PAGE.index("two million more than first planned")]
    page = extract_html(cut)
    assert page is not None
    assert page.title == "Harbour bridge reopens after repairs"
    assert page.published == "2024-05-17"
    assert "Engineers found in September that salt water had eaten into two of the six main piers" in page.text
    assert "The repairs cost 14 million euros" in page.text


def test_leftover_boilerplate_lines_are_removed_and_listed():
    text, removed = strip_leftovers(
        "The council met on Monday to vote on the budget.\nAdvertisement\n"
        "Read more: Ferry timetable changes next week\nThe vote passed by nine to four.\n3 Comments")
    assert text == "The council met on Monday to vote on the budget.\nThe vote passed by nine to four."
    assert removed == ["Advertisement", "Read more: Ferry timetable changes next week", "3 Comments"]


def test_sentence_that_starts_like_furniture_is_kept():
    text, removed = strip_leftovers("Share prices fell by three percent after the announcement on Friday.")
    assert removed == []
