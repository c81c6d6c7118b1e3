"""A tokenizer and parser for the part of Go that gitleaks' rule generator files use.

extract.py evaluates what this parses. It reads package-level var/const declarations and function
declarations (imports, types and method receivers are skipped over) with the statements and
expressions those functions use: assignments, var, return, if/else, for (range and condition
only), break, continue, calls, selectors, index and slice expressions, composite literals and
function literals. Anything else is a SyntaxError, so a change in gitleaks' sources shows up as
an error rather than as silently different examples. The AST is nested tuples, (kind, ...).
"""
import re

# ---------------------------------------------------------------- tokenizer
OPS = ['...', ':=', '==', '!=', '<=', '>=', '&&', '||', '+=', '-=', '++', '--', '<-', '&^',
       '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '(', ')', '[', ']',
       '{', '}', ',', ';', '.', ':']
KEYWORDS = {'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough',
            'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range',
            'return', 'select', 'struct', 'switch', 'type', 'var'}


class Tok:
    __slots__ = ('kind', 'val', 'line')

    def __init__(self, kind, val, line):
        self.kind, self.val, self.line = kind, val, line

    def __repr__(self):
        return f'{self.kind}:{self.val!r}@{self.line}'


def unescape_go(body):
    out = []
    i = 0
    simple = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
              '\\': '\\', '"': '"', "'": "'"}
    while i < len(body):
        c = body[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in simple:
            out.append(simple[n]); i += 2
        elif n == 'x':
            out.append(chr(int(body[i + 2:i + 4], 16))); i += 4
        elif n == 'u':
            out.append(chr(int(body[i + 2:i + 6], 16))); i += 6
        elif n == 'U':
            out.append(chr(int(body[i + 2:i + 10], 16))); i += 10
        elif n in '01234567':
            out.append(chr(int(body[i + 1:i + 4], 8))); i += 4
        else:
            raise SyntaxError('bad escape \\' + n)
    return ''.join(out)


def tokenize(src):
    toks = []
    i, line, n = 0, 1, len(src)

    def need_semi():
        if not toks:
            return False
        t = toks[-1]
        return (t.kind in ('ident', 'str', 'int', 'float', 'char') or
                (t.kind == 'kw' and t.val in ('break', 'continue', 'fallthrough', 'return')) or
                (t.kind == 'op' and t.val in (')', ']', '}', '++', '--')))
    while i < n:
        c = src[i]
        if c == '\n':
            if need_semi():
                toks.append(Tok('op', ';', line))
            line += 1; i += 1; continue
        if c in ' \t\r':
            i += 1; continue
        if src.startswith('//', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
            continue
        if src.startswith('/*', i):
            j = src.index('*/', i + 2)
            seg = src[i:j + 2]
            if '\n' in seg and need_semi():
                toks.append(Tok('op', ';', line))
            line += seg.count('\n'); i = j + 2; continue
        if c == '`':
            j = src.index('`', i + 1)
            s = src[i + 1:j].replace('\r', '')
            toks.append(Tok('str', s, line)); line += s.count('\n'); i = j + 1; continue
        if c == '"':
            j = i + 1
            while src[j] != '"':
                if src[j] == '\\':
                    j += 1
                if src[j] == '\n':
                    raise SyntaxError(f'newline in string line {line}')
                j += 1
            toks.append(Tok('str', unescape_go(src[i + 1:j]), line)); i = j + 1; continue
        if c == "'":
            j = i + 1
            while src[j] != "'":
                if src[j] == '\\':
                    j += 1
                j += 1
            toks.append(Tok('char', ord(unescape_go(src[i + 1:j])), line)); i = j + 1; continue
        if c.isalpha() or c == '_':
            m = re.compile(r'\w+').match(src, i)
            w = m.group()
            toks.append(Tok('kw' if w in KEYWORDS else 'ident', w, line)); i = m.end(); continue
        if c.isdigit():
            m = re.compile(r'0[xX][0-9a-fA-F_]+|\d[\d_]*(\.\d*)?([eE][+-]?\d+)?').match(src, i)
            w = m.group()
            if m.group(1) or m.group(2):
                toks.append(Tok('float', float(w), line))
            else:
                toks.append(Tok('int', int(w.replace('_', ''), 0), line))
            i = m.end(); continue
        for op in OPS:
            if src.startswith(op, i):
                toks.append(Tok('op', op, line)); i += len(op); break
        else:
            raise SyntaxError(f'bad char {c!r} line {line}')
    if need_semi():
        toks.append(Tok('op', ';', line))
    toks.append(Tok('eof', None, line))
    return toks


# ---------------------------------------------------------------- parser
class Parser:
    """parse_file() gives ({function name: (parameter names, body)}, {variable: (value AST, type)})."""

    def __init__(self, toks):
        self.t = toks
        self.p = 0
        self.nolit = 0  # > 0 in an if/for header, where `x {` opens the block, not a composite literal

    def peek(self, k=0):
        return self.t[self.p + k]

    def next(self):
        t = self.t[self.p]; self.p += 1; return t

    def is_op(self, v, k=0):
        t = self.peek(k)
        return t.kind == 'op' and t.val == v

    def is_kw(self, v):
        t = self.peek()
        return t.kind == 'kw' and t.val == v

    def expect(self, v):
        t = self.next()
        if t.val != v:
            raise SyntaxError(f'expected {v!r} got {t}')
        return t

    def skip_semis(self):
        while self.is_op(';'):
            self.p += 1

    # ---- file level
    def parse_file(self):
        funcs, gvars = {}, {}
        self.skip_semis()
        while self.peek().kind != 'eof':
            t = self.peek()
            if t.kind == 'kw' and t.val == 'package':
                self.next(); self.next()
            elif t.kind == 'kw' and t.val == 'import':
                self.next()
                if self.is_op('('):
                    self.skip_balanced()
                else:
                    if self.peek().kind == 'ident' or self.is_op('.'):
                        self.next()
                    self.next()
            elif t.kind == 'kw' and t.val in ('var', 'const'):
                self.next()
                for names, typ, vals in self.parse_var_specs():
                    for i, nm in enumerate(names):
                        gvars[nm] = (vals[i] if vals else None, typ)
            elif t.kind == 'kw' and t.val == 'func':
                self.next()
                if self.is_op('('):  # method
                    self.skip_balanced()
                name = self.next().val
                params = self.parse_params()
                # result type(s)
                while not self.is_op('{'):
                    self.next()
                body = self.parse_block()
                funcs[name] = (params, body)
            elif t.kind == 'kw' and t.val == 'type':
                self.next(); self.next()
                self.parse_type()
            else:
                raise SyntaxError(f'unexpected top level {t}')
            self.skip_semis()
        return funcs, gvars

    def skip_balanced(self):
        depth = 0
        while True:
            t = self.next()
            if t.kind == 'op' and t.val in '([{':
                depth += 1
            elif t.kind == 'op' and t.val in ')]}':
                depth -= 1
                if depth == 0:
                    return

    def parse_params(self):
        self.expect('(')
        names = []
        while not self.is_op(')'):
            # name type | name, name type
            if self.peek().kind == 'ident':
                names.append(self.next().val)
                if not (self.is_op(',') or self.is_op(')')):
                    if self.is_op('...'):
                        self.next()
                    self.parse_type()
            else:
                self.parse_type()
            if self.is_op(','):
                self.next()
        self.expect(')')
        return names

    def parse_var_specs(self):
        specs = []
        if self.is_op('('):
            self.next(); self.skip_semis()
            while not self.is_op(')'):
                specs.append(self.parse_var_spec()); self.skip_semis()
            self.next()
        else:
            specs.append(self.parse_var_spec())
        return specs

    def parse_var_spec(self):
        names = [self.next().val]
        while self.is_op(','):
            self.next(); names.append(self.next().val)
        typ = None
        if not self.is_op('=') and not self.is_op(';') and not self.is_op(')'):
            typ = self.parse_type()
        vals = None
        if self.is_op('='):
            self.next()
            vals = self.parse_expr_list()
        return names, typ, vals

    # ---- types
    def parse_type(self):
        t = self.peek()
        if t.kind == 'op' and t.val == '[':
            self.next()
            if self.is_op(']'):
                self.next()
                return ('slice', self.parse_type())
            if self.is_op('...'):
                self.next(); self.expect(']')
                return ('slice', self.parse_type())
            self.parse_expr(); self.expect(']')
            return ('slice', self.parse_type())
        if t.kind == 'op' and t.val == '*':
            self.next(); return ('ptr', self.parse_type())
        if t.kind == 'kw' and t.val == 'map':
            self.next(); self.expect('[')
            k = self.parse_type(); self.expect(']')
            return ('map', k, self.parse_type())
        if t.kind == 'kw' and t.val == 'func':
            self.next(); self.parse_params()
            if self.is_op('('):
                self.parse_params()
            elif not (self.is_op(',') or self.is_op(')') or self.is_op('{') or self.is_op(';')):
                self.parse_type()
            return ('func',)
        if t.kind == 'kw' and t.val in ('struct', 'interface'):
            self.next(); self.skip_balanced(); return ('struct',)
        if t.kind == 'ident':
            self.next()
            name = t.val
            if self.is_op('.') and self.peek(1).kind == 'ident':
                self.next(); name += '.' + self.next().val
            return ('name', name)
        raise SyntaxError(f'bad type at {t}')

    def at_type_start(self):
        t = self.peek()
        return (t.kind == 'op' and t.val == '[') or (t.kind == 'kw' and t.val in ('map', 'struct'))

    # ---- statements
    def parse_block(self):
        self.expect('{')
        stmts = []
        self.skip_semis()
        while not self.is_op('}'):
            stmts.append(self.parse_stmt()); self.skip_semis()
        self.expect('}')
        return ('block', stmts)

    def parse_stmt(self):
        t = self.peek()
        line = t.line
        if t.kind == 'kw':
            if t.val == 'var' or t.val == 'const':
                self.next()
                return ('var', self.parse_var_specs(), line)
            if t.val == 'return':
                self.next()
                if self.is_op(';') or self.is_op('}'):
                    return ('return', [], line)
                return ('return', self.parse_expr_list(), line)
            if t.val == 'for':
                return self.parse_for()
            if t.val == 'if':
                return self.parse_if()
            if t.val in ('continue', 'break'):
                self.next(); return (t.val, line)
        if t.kind == 'op' and t.val == '{':
            return self.parse_block()
        return self.parse_simple()

    def parse_simple(self):
        line = self.peek().line
        lhs = self.parse_expr_list()
        t = self.peek()
        if t.kind == 'op' and t.val in (':=', '=', '+=', '-='):
            self.next()
            if self.is_kw('range'):
                self.next()
                return ('range', lhs, t.val, self.parse_expr(), line)
            rhs = self.parse_expr_list()
            return ('assign', lhs, t.val, rhs, line)
        if t.kind == 'op' and t.val in ('++', '--'):
            self.next()
            return ('assign', lhs, '+=' if t.val == '++' else '-=', [('lit', 1)], line)
        return ('expr', lhs[0], line)

    def parse_for(self):
        line = self.next().line
        self.nolit += 1
        try:
            if self.is_op('{'):
                hdr = None
            elif self.is_kw('range'):
                self.next()
                hdr = ('range', [], None, self.parse_expr(), line)
            else:
                s = self.parse_simple()
                if s[0] == 'range':
                    hdr = s
                elif self.is_op(';'):
                    raise SyntaxError('3-clause for unsupported')
                else:
                    hdr = ('cond', s[1])
        finally:
            self.nolit -= 1
        body = self.parse_block()
        return ('for', hdr, body, line)

    def parse_if(self):
        line = self.next().line
        self.nolit += 1
        try:
            init = None
            s = self.parse_simple()
            if self.is_op(';'):
                self.next(); init = s; s = self.parse_simple()
            cond = s[1]
        finally:
            self.nolit -= 1
        body = self.parse_block()
        els = None
        if self.is_kw('else'):
            self.next()
            els = self.parse_if() if self.is_kw('if') else self.parse_block()
        return ('if', init, cond, body, els, line)

    # ---- expressions
    def parse_expr_list(self):
        xs = [self.parse_expr()]
        while self.is_op(','):
            self.next(); xs.append(self.parse_expr())
        return xs

    PREC = {'||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
            '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '&': 5, '&^': 5}

    def parse_expr(self, minp=1):
        left = self.parse_unary()
        while True:
            t = self.peek()
            if t.kind == 'op' and t.val in self.PREC and self.PREC[t.val] >= minp:
                self.next()
                right = self.parse_expr(self.PREC[t.val] + 1)
                left = ('bin', t.val, left, right)
            else:
                return left

    def parse_unary(self):
        t = self.peek()
        if t.kind == 'op' and t.val in ('-', '!', '&', '*', '^', '+'):
            self.next()
            return ('un', t.val, self.parse_unary())
        return self.parse_primary()

    def parse_operand(self):
        t = self.peek()
        if t.kind in ('str', 'int', 'float', 'char'):
            self.next(); return ('lit', t.val)
        if t.kind == 'ident':
            self.next(); return ('ident', t.val)
        if t.kind == 'op' and t.val == '(':
            self.next()
            saved = self.nolit; self.nolit = 0
            e = self.parse_expr()
            self.nolit = saved
            self.expect(')')
            return ('paren', e)
        if self.at_type_start():
            typ = self.parse_type()
            if self.is_op('{'):
                return ('composite', typ, self.parse_lit_body())
            return ('type', typ)
        if t.kind == 'kw' and t.val == 'func':
            self.next()
            params = self.parse_params()
            while not self.is_op('{'):
                self.next()
            return ('funclit', params, self.parse_block())
        raise SyntaxError(f'bad operand {t}')

    def parse_lit_body(self):
        self.expect('{')
        saved = self.nolit; self.nolit = 0
        elems = []
        self.skip_semis()
        while not self.is_op('}'):
            line = self.peek().line
            if self.is_op('{'):
                v = ('composite', None, self.parse_lit_body())
            else:
                v = self.parse_expr()
            key = None
            if self.is_op(':'):
                self.next()
                key = v
                if self.is_op('{'):
                    v = ('composite', None, self.parse_lit_body())
                else:
                    v = self.parse_expr()
            elems.append((key, v, line))
            if self.is_op(','):
                self.next()
            self.skip_semis()
        self.expect('}')
        self.nolit = saved
        return elems

    def parse_primary(self):
        x = self.parse_operand()
        while True:
            t = self.peek()
            if t.kind != 'op':
                return x
            if t.val == '.':
                self.next()
                if self.is_op('('):  # type assertion
                    self.next(); self.parse_type(); self.expect(')')
                    continue
                x = ('sel', x, self.next().val)
            elif t.val == '(':
                self.next()
                saved = self.nolit; self.nolit = 0
                args, spread = [], False
                self.skip_semis()
                while not self.is_op(')'):
                    args.append(self.parse_expr())
                    if self.is_op('...'):
                        self.next(); spread = True
                    if self.is_op(','):
                        self.next()
                    self.skip_semis()
                self.expect(')')
                self.nolit = saved
                x = ('call', x, args, spread, t.line)
            elif t.val == '[':
                self.next()
                lo = hi = None
                if not self.is_op(':'):
                    lo = self.parse_expr()
                if self.is_op(':'):
                    self.next()
                    if not self.is_op(']'):
                        hi = self.parse_expr()
                    self.expect(']')
                    x = ('slice', x, lo, hi)
                else:
                    self.expect(']')
                    x = ('index', x, lo)
            elif t.val == '{' and not self.nolit and x[0] in ('ident', 'sel'):
                x = ('composite', ('name', x), self.parse_lit_body())
            else:
                return x
