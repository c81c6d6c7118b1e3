"""Random strings drawn from a Go regex, the way gitleaks' secrets.NewSecret draws them.

secrets.NewSecret uses a regex-driven generator (github.com/lucasjones/reggen) with limit 1: an
unbounded repeat (*, +, {n,}) is taken at most once more than its minimum. Gen does the same on
Python's own regex parser (re._parser, Python 3.11+), after go_to_py has rewritten the Go syntax
Python reads differently. The draws come from the random.Random given, so a seed fixes them.
"""
import re
import re._constants as C
import re._parser as sre_parse
import string

PRINTABLE = [chr(c) for c in range(32, 127)]
CATS = {
    C.CATEGORY_DIGIT: string.digits,
    C.CATEGORY_WORD: string.ascii_letters + string.digits + '_',
    C.CATEGORY_SPACE: ' \t\n\r\f\v',
}
CATS_NOT = {
    C.CATEGORY_NOT_DIGIT: C.CATEGORY_DIGIT,
    C.CATEGORY_NOT_WORD: C.CATEGORY_WORD,
    C.CATEGORY_NOT_SPACE: C.CATEGORY_SPACE,
}
LIMIT = 1  # reggen's limit: how many more times than its minimum an unbounded repeat may run
POSIX = {'alnum': 'a-zA-Z0-9', 'alpha': 'a-zA-Z', 'digit': '0-9', 'lower': 'a-z', 'upper': 'A-Z',
         'xdigit': '0-9A-Fa-f', 'space': r'\s', 'word': r'\w', 'punct': r'!-/:-@\[-`{-~',
         'print': ' -~', 'graph': '!-~', 'blank': r' \t', 'cntrl': r'\x00-\x1f\x7f', 'ascii': r'\x00-\x7f'}


def _structure(p, i=0):
    """(index, char, depth) of each '(', ')' and '|' of p from i on that is neither escaped nor in
    a character class; depth counts the groups open before it"""
    depth = 0
    incls = False
    while i < len(p):
        c = p[i]
        if c == '\\':
            i += 2
            continue
        if incls:
            if c == ']':
                incls = False
        elif c == '[':
            incls = True
            if p[i + 1:i + 2] == '^':
                i += 1
            if p[i + 1:i + 2] == ']':
                i += 1
        elif c in '()|':
            yield i, c, depth
            depth += (c == '(') - (c == ')')
        i += 1


def _group_end(p, i):
    """index of the ')' closing the group that contains position i (or len)"""
    for j, c, depth in _structure(p, i):
        if c == ')' and depth == 0:
            return j
    return len(p)


def _split_top(seg):
    """split a regex fragment at '|' that are not nested in groups/classes"""
    parts, start = [], 0
    for j, c, depth in _structure(seg):
        if c == '|' and depth == 0:
            parts.append(seg[start:j])
            start = j + 1
    parts.append(seg[start:])
    return parts


def go_to_py(p):
    """Rewrites a Go (RE2) regex into one Python's re reads alike, as far as the rule files need:
    \\z, POSIX classes, and flag groups such as (?i) after the start, which Python accepts only at
    the start of a pattern."""
    p = p.replace(r'\z', r'\Z')
    p = re.sub(r'\[:(\^?)(\w+):\]', lambda m: POSIX[m.group(2)] if not m.group(1) else '', p)
    # mid-pattern flag groups like (?i) / (?s) / (?-i): convert to scoped groups
    while True:
        m = None
        for mm in re.finditer(r'\(\?([a-z]*)(-[a-z]*)?\)', p):
            if mm.start() > 0 or mm.group(2):
                m = mm
                break
        if not m:
            break
        end = _group_end(p, m.end())
        flags = m.group(1) + (m.group(2) or '')
        # the flag lasts to the end of the enclosing group, across later '|' alternatives
        alts = _split_top(p[m.end():end])
        p = p[:m.start()] + '|'.join('(?' + flags + ':' + a + ')' for a in alts) + p[end:]
    return p


def _fold(chars):
    """The characters with both their cases."""
    out = set(chars)
    for c in chars:
        out.add(c.lower()); out.add(c.upper())
    return out


def _class_chars(items, icase):
    """The characters of a parsed [...] class, in a stable order, printable ASCII when negated."""
    neg = False
    chars = set()
    for op, av in items:
        if op == C.NEGATE:
            neg = True
        elif op == C.LITERAL:
            chars.add(chr(av))
        elif op == C.RANGE:
            lo, hi = av
            chars.update(chr(c) for c in range(lo, min(hi, 0x2FF) + 1))
        elif op == C.CATEGORY:
            if av in CATS:
                chars.update(CATS[av])
            else:
                chars.update(c for c in PRINTABLE if c not in CATS[CATS_NOT[av]])
        else:
            raise ValueError(f'unsupported class item {op}')
    if icase:
        chars = _fold(chars)
    if neg:
        chars = [c for c in PRINTABLE if c not in chars]
    return sorted(chars)


class Gen:
    """gen(pattern) draws one string the Go regex pattern matches (anchors and lookarounds aside)."""

    def __init__(self, rng):
        self.rng = rng

    def gen(self, pattern):
        parsed = sre_parse.parse(go_to_py(pattern))
        icase = bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE)
        out = []
        self._seq(parsed, out, icase)
        return ''.join(out)

    def _seq(self, seq, out, icase):
        for op, av in seq:
            self._one(op, av, out, icase)

    def _one(self, op, av, out, icase):
        r = self.rng
        if op == C.LITERAL:
            out.append(chr(av))
        elif op == C.NOT_LITERAL:
            out.append(r.choice([c for c in PRINTABLE if c != chr(av)]))
        elif op == C.IN:
            chars = _class_chars(av, icase)
            out.append(r.choice(chars))
        elif op == C.ANY:
            out.append(r.choice(PRINTABLE))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            if hi == C.MAXREPEAT:
                hi = lo + LIMIT
            n = lo + r.randint(0, hi - lo) if hi > lo else lo
            for _ in range(n):
                self._seq(sub, out, icase)
        elif op == C.SUBPATTERN:
            _gid, add, dele, sub = av
            ic = (icase or bool(add & C.SRE_FLAG_IGNORECASE)) and not (dele & C.SRE_FLAG_IGNORECASE)
            self._seq(sub, out, ic)
        elif op == C.BRANCH:
            _, branches = av
            self._seq(r.choice(branches), out, icase)
        elif op == C.AT:
            pass  # anchors (^, $, \b) draw nothing
        elif op == C.CATEGORY:
            out.append(r.choice(_class_chars([(C.CATEGORY, av)], False)))
        elif op == C.GROUPREF:
            raise ValueError('backref')
        else:
            raise ValueError(f'unsupported regex op {op}')

