"""The text of a rendered HTML page, changed piece by piece without touching its markup.

`map_text(html, change, skip)` calls `change(text)` on each run of text between tags that is
not inside one of the `skip` elements, and puts back what it returns (HTML); tags, comments,
attributes and the contents of <script>, <style>, <textarea> and <title> are kept as written.
Used for the furigana (home.furigana) and the glossary links (home.glossary): both change only
what a reader sees, never an attribute, a form value or a script.
"""

import re

# Raw-text elements are taken whole, so a "<" inside a script or a textarea is never a tag;
# an ordinary tag's name is captured (group 3, with "/" in group 2 for an end tag).
_TOKEN = re.compile(
    r"<(script|style|textarea|title)\b[\s\S]*?</\1\s*>"
    r"|<!--[\s\S]*?-->"
    r"|<!?(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.IGNORECASE,
)
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def text_only(html):
    """The text of `html` with each tag, comment and raw-text element as one NUL character
    (so no word found in it spans two elements)."""
    return _TOKEN.sub("\0", html)


def map_text(html, change, skip=frozenset()):
    """`html` with every text run outside `skip` elements replaced by `change(run)`."""
    out = []
    depth = 0  # how many skip elements are open here
    position = 0
    for token in _TOKEN.finditer(html):
        start = token.start()
        if start > position:
            text = html[position:start]
            out.append(change(text) if depth == 0 else text)
        out.append(token.group())
        position = token.end()
        name = token.group(3)
        if name and skip and name.lower() in skip and not html.startswith("/>", position - 2):
            depth = max(0, depth - 1) if token.group(2) else depth + 1
    tail = html[position:]
    if tail:
        out.append(change(tail) if depth == 0 else tail)
    return "".join(out)


def split_region(html, start_pattern, end_tag):
    """(before, region, after): the part of `html` from the start tag to its end tag.

    The region is empty when the start is missing; `end_tag` is the last one in the page, so
    the elements of the same name inside the region stay inside it.
    """
    start = re.search(start_pattern, html)
    if not start:
        return html, "", ""
    end = html.rfind(end_tag)
    if end < start.end():
        return html, "", ""
    return html[: start.end()], html[start.end() : end], html[end:]


_OPEN_OR_CLOSE = r"<(/?){name}\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"


def map_regions(html, start_pattern, change):
    """`html` with the inside of each element whose start tag matches `start_pattern` (a
    regular expression for a whole start tag) replaced by `change(inside)`.

    The element's end is found by counting the tags of its name, so nested elements of the
    same name stay inside it. Regions inside a region are changed with it, not again.
    """
    out = []
    position = 0
    for start in re.finditer(start_pattern, html):
        if start.start() < position:
            continue  # inside a region already changed
        name = _TAG_NAME.match(start.group()).group(2)
        depth = 1
        for tag in re.finditer(_OPEN_OR_CLOSE.format(name=name), html[start.end() :], re.I):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = start.end() + tag.start()
                break
        else:
            continue  # never closed: left as it is
        out.append(html[position : start.end()])
        out.append(change(html[start.end() : end]))
        position = end
    out.append(html[position:])
    return "".join(out)
