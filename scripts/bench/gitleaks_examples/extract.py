#!/usr/bin/env python3
"""Write gitleaks' rule examples out as files, one example a file, for tokenscope to scan.

    extract.py --source GITLEAKS_CHECKOUT --out DIR

gitleaks keeps its examples in Go, not in data: each rule generator in cmd/generate/config/rules/
builds its true positives (tps) and false positives (fps) with string literals, fmt.Sprintf,
utils.GenerateSampleSecrets (one secret placed in some thirty file formats) and secrets.NewSecret
(a random string drawn from a regex), and hands them to utils.Validate. This reads those files
from a checked-out gitleaks tree, evaluates the small part of Go they use (gomini.py parses it,
the interpreter here runs it, regen.py draws the random strings) and writes

    DIR/ex/gpNNNNN.txt       a positive example, the example's text and a newline
    DIR/ex/gnNNNNN.txt       a negative example
    DIR/ex.index.json        file name -> {"src": "gl", "id": "gitleaks.<rule id>",
                             "name": <rule description>, "neg": bool[, "path": <file path the
                             rule needs, for utils.ValidateWithPaths rules>]}

The random strings come from a fixed seed, so the same checkout always gives the same files; they
are not the strings gitleaks' own generator would draw (another random source), only drawn from
the same regexes. An example whose expression uses Go this interpreter does not know is skipped
and counted, never guessed at, and so is a generated positive that the rule's own regex (read
with Python's re) does not match. Nothing here is gitleaks code: it only reads gitleaks' files.
"""
import argparse
import base64
import collections
import json
import os
import random
import re
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ left in the repository's scripts folder
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gomini  # noqa: E402
from regen import Gen, go_to_py  # noqa: E402

SEED = 20240601
RULES_DIR = 'cmd/generate/config/rules'
GENERATE_GO = 'cmd/generate/config/utils/generate.go'


class EvalError(Exception):
    """Go this interpreter does not know, or a value it could not compute."""


class ReturnSig(Exception):
    """A Go return statement unwinding to its call."""

    def __init__(self, vals):
        self.vals = vals


class BreakSig(Exception):
    """A Go break statement."""


class ContinueSig(Exception):
    """A Go continue statement."""


class GoSlice(list):
    """A Go slice: a list that also keeps (reason, count, line) of elements that could not be evaluated."""

    def __init__(self, *a):
        super().__init__(*a)
        self.skipped = []


class GoMap(dict):
    """A Go map: a dict that also keeps (reason, count, line) of entries that could not be evaluated."""

    def __init__(self, *a):
        super().__init__(*a)
        self.skipped = []


class Poison:
    """A variable whose value could not be evaluated, with why and how many examples it would have made."""

    def __init__(self, reason, est):
        self.reason, self.est = reason, est


class Unknown:
    """A struct field that could not be evaluated; an error only once it is used."""


UNKNOWN = Unknown()
# package names of the Go imports the rule files use; their functions are the builtins below
PACKAGES = {'utils', 'secrets', 'fmt', 'regexp', 'config', 'base64', 'b64', 'strings'}


def reason_of(e):
    msg = str(e)
    if isinstance(e, EvalError):
        return msg
    return f'{type(e).__name__}: {msg}'[:120]


def go_sprintf(fmt, args):
    """fmt.Sprintf for the verbs the rule files use."""
    args = list(args)
    out = []
    i = 0
    ai = 0
    for m in re.finditer(r'%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])', fmt):
        out.append(fmt[i:m.start()])
        i = m.end()
        verb = m.group(4)
        if verb == '%':
            out.append('%'); continue
        a = args[ai]; ai += 1
        if isinstance(a, (bytes, bytearray)):
            a = a.decode('utf-8', 'replace')
        if verb in 'sv':
            s = a if isinstance(a, str) else ('true' if a is True else 'false' if a is False else str(a))
        elif verb == 'd':
            s = str(int(a))
        elif verb == 'q':
            s = json.dumps(a)
        elif verb in 'xX':
            s = a.encode().hex() if isinstance(a, str) else format(int(a), 'x')
            if verb == 'X':
                s = s.upper()
        else:
            raise EvalError(f'unsupported Sprintf verb %{verb}')
        w = m.group(2)
        if w:
            s = s.ljust(int(w)) if '-' in m.group(1) else s.rjust(int(w), '0' if '0' in m.group(1) else ' ')
        out.append(s)
    out.append(fmt[i:])
    return ''.join(out)


class Interp:
    """Runs the rule generators of the given Go files and records their Validate calls in results.

    Values: Go strings, numbers and bools as Python ones, slices and maps as GoSlice and GoMap,
    structs (config.Rule) as dicts, regexes as ('regex', pattern), functions and packages as tagged
    tuples. An element of a slice or map literal that fails is left out and recorded in its
    skipped list; a variable that fails holds a Poison, so only what uses it fails in turn.
    """

    def __init__(self, files, samples_tmpl, rng):
        self.funcs = {}
        self.gvars_ast = {}
        self.gvals = {}
        for src in files.values():
            funcs, gvars = gomini.Parser(gomini.tokenize(src)).parse_file()
            self.funcs.update(funcs)
            self.gvars_ast.update(gvars)
        self.samples = samples_tmpl
        self.rng = rng
        self.gen = Gen(rng)
        self.results = []
        self.cur_func = None

    # ---------------- helpers
    def new_secret(self, regex):
        try:
            return self.gen.gen(regex)
        except Exception as e:
            raise EvalError(f'NewSecret regex unsupported: {str(e)[:60]}') from e

    def sample_secrets(self, ident, secret):
        out = GoSlice()
        for tmpl in self.samples:
            out.append(tmpl.replace('{i}', ident).replace('{I}', ident.upper()).replace('{s}', secret))
        return out

    def plausible(self, regex):
        stop = self.global_val('DefaultStopWords')
        stop = [w.lower() for w in stop if isinstance(w, str)]
        for _ in range(10000):
            s = self.new_secret(regex)
            if not re.search('[1-9]', s):
                continue
            low = s.lower()
            if any(w in low for w in stop):
                continue
            return s
        raise EvalError('newPlausibleSecret: no candidate found')

    def global_val(self, name):
        if name in self.gvals:
            v = self.gvals[name]
        elif name in self.gvars_ast:
            node, typ = self.gvars_ast[name]
            try:
                v = self.eval(node, {}, typ) if node is not None else self.zero(typ)
            except Exception as e:
                v = Poison(reason_of(e), 1)
            self.gvals[name] = v
        else:
            raise EvalError(f'undefined identifier {name}')
        if isinstance(v, Poison):
            raise EvalError(f'poisoned var {name}: {v.reason}')
        return v

    def zero(self, typ):
        if typ is None:
            return None
        if typ[0] == 'slice':
            return GoSlice()
        if typ[0] == 'map':
            return GoMap()
        if typ == ('name', 'string'):
            return ''
        if typ[0] == 'name' and typ[1] in ('int', 'int64', 'float64'):
            return 0
        return None

    def est(self, node):
        """estimated number of examples an AST expression would have produced"""
        if node is None:
            return 1
        if node[0] == 'call':
            fn = node[1]
            if fn[0] == 'sel' and fn[2] == 'GenerateSampleSecrets':
                return len(self.samples)
            if fn[0] == 'ident' and fn[1] == 'append':
                return sum(self.est(a) for a in node[2][1:])
            return 1
        if node[0] == 'composite' and node[1] and node[1][0] in ('slice', 'map'):
            return len(node[2])
        return 1

    # ---------------- expressions
    def lookup(self, name, env):
        e = env
        while e is not None:
            if name in e['vars']:
                v = e['vars'][name]
                if isinstance(v, Poison):
                    raise EvalError(f'poisoned var {name}: {v.reason}')
                return v
            e = e['parent']
        if name == 'nil':
            return None
        if name == 'true':
            return True
        if name == 'false':
            return False
        if name in self.funcs:
            return ('userfunc', name)
        return self.global_val(name)

    def set_var(self, name, val, env, define):
        if name == '_':
            return
        if define:
            env['vars'][name] = val
            return
        e = env
        while e is not None:
            if name in e['vars']:
                e['vars'][name] = val
                return
            e = e['parent']
        self.gvals[name] = val

    def qualname(self, node, env):
        """'pkg.A.B' if node is a selector chain rooted at a package identifier not shadowed locally"""
        parts = []
        while node[0] == 'sel':
            parts.append(node[2]); node = node[1]
        if node[0] == 'ident' and node[1] in PACKAGES and not self.is_local(node[1], env):
            return '.'.join([node[1]] + parts[::-1])
        return None

    def is_local(self, name, env):
        e = env
        while e is not None:
            if name in e['vars']:
                return True
            e = e['parent']
        return False

    def eval(self, node, env, typ_hint=None):
        k = node[0]
        if k == 'lit':
            return node[1]
        if k == 'ident':
            return self.lookup(node[1], env)
        if k == 'paren':
            return self.eval(node[1], env)
        if k == 'bin':
            op = node[1]
            if op == '&&':
                return self.eval(node[2], env) and self.eval(node[3], env)
            if op == '||':
                return self.eval(node[2], env) or self.eval(node[3], env)
            a, b = self.eval(node[2], env), self.eval(node[3], env)
            if isinstance(a, Unknown) or isinstance(b, Unknown):
                raise EvalError('unknown operand')
            if op == '+':
                if isinstance(a, str) != isinstance(b, str):
                    raise EvalError('type mismatch in +')
                return a + b
            ops = {'-': lambda: a - b, '*': lambda: a * b,
                   '/': lambda: a // b if isinstance(a, int) else a / b,
                   '%': lambda: a % b, '==': lambda: a == b, '!=': lambda: a != b, '<': lambda: a < b,
                   '<=': lambda: a <= b, '>': lambda: a > b, '>=': lambda: a >= b}
            if op in ops:
                return ops[op]()
            raise EvalError(f'unsupported operator {op}')
        if k == 'un':
            v = self.eval(node[2], env, typ_hint)
            if node[1] in ('&', '*', '+'):
                return v
            if node[1] == '-':
                return -v
            if node[1] == '!':
                return not v
            raise EvalError(f'unsupported unary {node[1]}')
        if k == 'sel':
            q = self.qualname(node, env)
            if q:
                return ('pkg', q)
            base = self.eval(node[1], env)
            if isinstance(base, dict):
                return base.get(node[2], UNKNOWN)
            raise EvalError(f'selector .{node[2]} on {type(base).__name__}')
        if k == 'index':
            base = self.eval(node[1], env)
            idx = self.eval(node[2], env)
            return base[idx]
        if k == 'slice':
            base = self.eval(node[1], env)
            lo = self.eval(node[2], env) if node[2] else None
            hi = self.eval(node[3], env) if node[3] else None
            return base[lo:hi]
        if k == 'composite':
            return self.composite(node[1] or typ_hint, node[2], env)
        if k == 'call':
            return self.call(node, env)
        if k == 'type':
            return ('typeval', node[1])
        raise EvalError(f'unsupported expression kind {k}')

    def composite(self, typ, elems, env):
        if typ and typ[0] == 'ptr':
            typ = typ[1]
        if typ and typ[0] == 'slice':
            out = GoSlice()
            return self.each_element(
                elems, out, lambda key, v: out.append(self.eval(v, env, typ[1])))
        if typ and typ[0] == 'map':
            out = GoMap()
            return self.each_element(
                elems, out,
                lambda key, v: out.__setitem__(self.eval(key, env, typ[1]),
                                               self.eval(v, env, typ[2])))
        # struct-ish: tolerant field evaluation
        out = {}
        for key, v, line in elems:
            if key is None or key[0] != 'ident':
                continue
            try:
                out[key[1]] = self.eval(v, env)
            except (ReturnSig, BreakSig, ContinueSig):
                raise
            except Exception:
                out[key[1]] = UNKNOWN
        return out

    def each_element(self, elems, out, add):
        """Adds each element of a composite literal to out; one that cannot be evaluated is
        counted in out.skipped, not fatal."""
        for key, v, line in elems:
            try:
                add(key, v)
            except (ReturnSig, BreakSig, ContinueSig):
                raise
            except Exception as e:
                out.skipped.append((reason_of(e), self.est(v), line))
        return out

    def call(self, node, env):
        _, fn, argn, spread, line = node
        # builtins that need AST-level handling
        if fn[0] == 'ident' and fn[1] == 'append' and not self.is_local('append', env):
            base = self.eval(argn[0], env)
            if isinstance(base, Unknown):
                raise EvalError('append to unknown')
            out = GoSlice(base or [])
            out.skipped = list(getattr(base, 'skipped', []))
            rest = argn[1:]
            for j, a in enumerate(rest):
                try:
                    v = self.eval(a, env)
                    if spread and j == len(rest) - 1:
                        out.extend(v)
                        out.skipped.extend(getattr(v, 'skipped', []))
                    else:
                        out.append(v)
                except (ReturnSig, BreakSig, ContinueSig):
                    raise
                except Exception as e:
                    out.skipped.append((reason_of(e), self.est(a), line))
            return out
        f = self.eval(fn, env)
        args = [self.eval(a, env) for a in argn]
        for a in args:
            if isinstance(a, Unknown):
                raise EvalError('unknown argument value')
        if spread:
            args = args[:-1] + list(args[-1])
        if isinstance(f, tuple) and f[0] == 'pkg':
            return self.builtin(f[1], args)
        if isinstance(f, tuple) and f[0] == 'typeval':
            t = f[1]
            if t == ('slice', ('name', 'byte')):
                return args[0].encode() if isinstance(args[0], str) else bytes(args[0])
            if t == ('name', 'string'):
                return args[0].decode() if isinstance(args[0], (bytes, bytearray)) else str(args[0])
            raise EvalError(f'unsupported conversion {t}')
        if isinstance(f, tuple) and f[0] == 'userfunc':
            return self.call_user(f[1], args)
        if fn[0] == 'ident':
            n = fn[1]
            if n == 'len':
                return len(args[0])
            if n == 'string':
                return args[0].decode() if isinstance(args[0], (bytes, bytearray)) else chr(args[0])
            if n == 'make':
                return GoSlice() if args[0][1][0] == 'slice' else GoMap()
        raise EvalError(f'unsupported call {fn}')

    def call_user(self, name, args):
        if name == 'newPlausibleSecret':
            return self.plausible(args[0])
        params, body = self.funcs[name]
        env = {'vars': dict(zip(params, args)), 'parent': None}
        try:
            self.exec_block(body, env)
        except ReturnSig as r:
            return r.vals[0] if len(r.vals) == 1 else tuple(r.vals)
        return None

    def builtin(self, q, args):
        simple_pat = {'utils.Numeric': '[0-9]{%s}', 'utils.Hex': '[a-f0-9]{%s}',
                      'utils.AlphaNumeric': '[a-z0-9]{%s}',
                      'utils.AlphaNumericExtendedShort': '[a-z0-9_-]{%s}',
                      'utils.AlphaNumericExtended': r'[a-z0-9=_\-]{%s}',
                      'utils.AlphaNumericExtendedLong': r'[a-z0-9\/=_\+\-]{%s}'}
        if q in simple_pat:
            return simple_pat[q] % args[0]
        if q == 'utils.Hex8_4_4_4_12':
            return '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
        if q == 'secrets.NewSecret':
            return self.new_secret(args[0])
        if q == 'utils.GenerateSampleSecrets':
            return self.sample_secrets(args[0], args[1])
        if q == 'utils.GenerateSampleSecret':
            return '%s_api_token = "%s"' % (args[0], args[1])
        if q == 'fmt.Sprintf':
            return go_sprintf(args[0], args[1:])
        if q == 'regexp.MustCompile':
            return ('regex', args[0])
        # ports of utils/generate.go: the rule's regex, against which generated positives are checked
        if q == 'utils.GenerateSemiGenericRegex':
            ids, sec, ci = args
            idpart = r'[\w.-]{0,50}?(?:' + '|'.join(ids) + r')(?:[ \t\w.-]{0,20})[\s\'"]{0,3}'
            pre = '(?i)' + idpart if ci else r'[\w.-]{0,50}?(?i:' + idpart + ')'
            return ('regex', pre + r'(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)' + r'[\x60\'"\s=]{0,5}(' + sec +
                    r')(?:[\x60\'"\s;]|\\[nr]|$)')
        if q == 'utils.GenerateUniqueTokenRegex':
            sec, ci = args
            return ('regex', ('(?i)' if ci else '') + r'\b(' + sec + r')(?:[\x60\'"\s;]|\\[nr]|$)')
        if q == 'utils.MergeRegexps':
            return ('regex', '|'.join(a[1] for a in args))
        if q in ('utils.Validate', 'utils.ValidateWithPaths'):
            self.results.append((self.cur_func, q, args[0], args[1], args[2]))
            return args[0]
        if q.endswith('.EncodeToString'):
            data = args[0].encode() if isinstance(args[0], str) else bytes(args[0])
            enc = q.split('.')[-2]
            if enc == 'StdEncoding':
                return base64.b64encode(data).decode()
            if enc == 'RawStdEncoding':
                return base64.b64encode(data).decode().rstrip('=')
            if enc == 'URLEncoding':
                return base64.urlsafe_b64encode(data).decode()
            if enc == 'RawURLEncoding':
                return base64.urlsafe_b64encode(data).decode().rstrip('=')
        if q == 'strings.ToUpper':
            return args[0].upper()
        if q == 'strings.ToLower':
            return args[0].lower()
        if q == 'strings.Repeat':
            return args[0] * args[1]
        if q == 'strings.Join':
            return args[1].join(args[0])
        if q == 'strings.ReplaceAll':
            return args[0].replace(args[1], args[2])
        raise EvalError(f'unsupported call {q}')

    # ---------------- statements
    def exec_block(self, block, env, new_scope=True):
        if new_scope:
            env = {'vars': {}, 'parent': env}
        for st in block[1]:
            self.exec(st, env)

    def exec(self, st, env):
        k = st[0]
        if k == 'block':
            return self.exec_block(st, env)
        if k == 'var':
            for names, typ, vals in st[1]:
                for i, nm in enumerate(names):
                    if vals:
                        try:
                            v = self.eval(vals[i], env, typ)
                        except (ReturnSig, BreakSig, ContinueSig):
                            raise
                        except Exception as e:
                            v = Poison(reason_of(e), self.est(vals[i]))
                    else:
                        v = self.zero(typ)
                    self.set_var(nm, v, env, True)
            return
        if k == 'assign':
            _, lhs, op, rhs, line = st
            try:
                vals = [self.eval(r, env) for r in rhs]
                if len(lhs) > 1 and len(rhs) == 1:
                    vals = list(vals[0])
            except (ReturnSig, BreakSig, ContinueSig):
                raise
            except Exception as e:
                vals = [Poison(reason_of(e), self.est(r)) for r in rhs] * (len(lhs) if len(rhs) == 1 else 1)
            for tgt, v in zip(lhs, vals):
                if op in ('+=', '-='):
                    cur = self.eval(tgt, env)
                    v = cur + v if op == '+=' else cur - v
                if tgt[0] == 'ident':
                    self.set_var(tgt[1], v, env, op == ':=')
                elif tgt[0] == 'sel':
                    base = self.eval(tgt[1], env)
                    if isinstance(base, dict):
                        base[tgt[2]] = v
                elif tgt[0] == 'index':
                    base = self.eval(tgt[1], env)
                    base[self.eval(tgt[2], env)] = v
                else:
                    raise EvalError('unsupported assignment target')
            return
        if k == 'expr':
            self.eval(st[1], env)
            return
        if k == 'return':
            raise ReturnSig([self.eval(e, env) for e in st[1]])
        if k == 'for':
            _, hdr, body, line = st
            if hdr and hdr[0] == 'range':
                _, lhs, op, xnode, _l = hdr
                coll = self.eval(xnode, env)
                items = list(coll.items()) if isinstance(coll, dict) else list(enumerate(coll))
                for key, val in items:
                    scope = {'vars': {}, 'parent': env}
                    if lhs:
                        if lhs[0][0] == 'ident':
                            self.set_var(lhs[0][1], key, scope, True)
                        if len(lhs) > 1 and lhs[1][0] == 'ident':
                            self.set_var(lhs[1][1], val, scope, True)
                    try:
                        self.exec_block(body, scope)
                    except BreakSig:
                        break
                    except ContinueSig:
                        continue
                return
            for _ in range(100000):
                if hdr and hdr[0] == 'cond' and not self.eval(hdr[1], env):
                    return
                try:
                    self.exec_block(body, env)
                except BreakSig:
                    return
                except ContinueSig:
                    continue
            raise EvalError('loop limit')
        if k == 'if':
            _, init, cond, body, els, line = st
            scope = {'vars': {}, 'parent': env}
            if init:
                self.exec(init, scope)
            if self.eval(cond, scope):
                self.exec_block(body, scope)
            elif els:
                self.exec(els, scope)
            return
        if k == 'break':
            raise BreakSig()
        if k == 'continue':
            raise ContinueSig()
        raise EvalError(f'unsupported statement {k}')


def short_name(desc):
    """The rule description's first clause, as a short name for the index."""
    d = desc.strip().rstrip('.')
    d = d.split(', ')[0]
    return d[:100]


def read(path):
    with open(path, encoding='utf-8') as fh:
        return fh.read()


def sample_templates(source, rng):
    """The format templates of utils.GenerateSampleSecrets: its `samples := map[string]string{…}`."""
    funcs, _ = gomini.Parser(gomini.tokenize(read(os.path.join(source, GENERATE_GO)))).parse_file()
    samples_ast = next(st for st in funcs['GenerateSampleSecrets'][1][1]
                       if st[0] == 'assign' and st[1][0] == ('ident', 'samples'))
    return list(Interp({}, [], rng).eval(samples_ast[3][0], {'vars': {}, 'parent': None}).values())


def run_rules(source, rng):
    """Runs every exported rule generator (func X() *config.Rule), in file order.

    Returns the interpreter, whose results hold one (function, Validate call, rule, tps, fps) per
    Validate call, and the number of generators that failed as a whole.
    """
    rules_dir = os.path.join(source, RULES_DIR)
    files = {name: read(os.path.join(rules_dir, name)) for name in sorted(os.listdir(rules_dir))
             if name.endswith('.go') and os.path.isfile(os.path.join(rules_dir, name))}
    interp = Interp(files, sample_templates(source, rng), rng)
    rule_funcs = []
    for _, src in sorted(files.items()):
        rule_funcs.extend(re.findall(r'^func ([A-Z]\w*)\(\)\s*\*config\.Rule', src, re.M))
    failed = 0
    for fn in rule_funcs:
        interp.cur_func = fn
        try:
            interp.call_user(fn, [])
        except Exception:
            failed += 1
    return interp, failed


def write_examples(results, out):
    """Writes out/ex/ and out/ex.index.json; returns counts written and skipped, by positive/negative."""
    exdir = os.path.join(out, 'ex')
    if os.path.isdir(exdir):
        shutil.rmtree(exdir)
    os.makedirs(exdir)
    index = {}
    written = collections.Counter()
    skipped = collections.Counter()
    for fn, _q, rule, tps, fps in results:
        rid = rule.get('RuleID')
        desc = rule.get('Description')
        if not isinstance(rid, str):
            rid = 'UNKNOWN-' + fn
        if not isinstance(desc, str):
            desc = ''
        rx = rule.get('Regex')
        rule_re = None
        if isinstance(rx, tuple) and isinstance(rx[1], str):
            try:
                rule_re = re.compile(go_to_py(rx[1]))
            except Exception:
                pass  # a Go regex this cannot read: its positives go unchecked
        for neg, coll in ((False, tps), (True, fps)):
            if isinstance(coll, Poison):
                skipped[neg] += coll.est
                continue
            if coll is None:
                continue
            skipped[neg] += sum(cnt for _reason, cnt, _line in getattr(coll, 'skipped', []))
            items = list(coll.items()) if isinstance(coll, dict) else [(None, v) for v in coll]
            for path, text in items:
                if not isinstance(text, str):
                    skipped[neg] += 1
                    continue
                if text == '':
                    continue  # an empty example tests nothing
                if not neg and rule_re is not None and not rule_re.search(text):
                    # e.g. square-secret: NewSecret(`sq0csp-[0-9A-Za-z\\-_]{43}`), whose class holds
                    # the range \ to _, can draw ']^\', which the rule's regex rejects
                    skipped[neg] += 1
                    continue
                written[neg] += 1
                fname = f'{"gn" if neg else "gp"}{written[neg]:05d}.txt'
                with open(os.path.join(exdir, fname), 'w', encoding='utf-8', newline='') as fh:
                    fh.write(text + '\n')
                ent = {'src': 'gl', 'id': 'gitleaks.' + rid, 'name': short_name(desc), 'neg': neg}
                if path is not None:
                    ent['path'] = path
                index[fname] = ent
    with open(os.path.join(out, 'ex.index.json'), 'w', encoding='utf-8') as fh:
        json.dump(index, fh, indent=1, ensure_ascii=False)
    return written, skipped


def main():
    ap = argparse.ArgumentParser(description="Write gitleaks' rule examples out as files.")
    ap.add_argument('--source', required=True, help='a checked-out gitleaks tree')
    ap.add_argument('--out', required=True, help='where to write ex/ and ex.index.json')
    args = ap.parse_args()
    interp, failed = run_rules(args.source, random.Random(SEED))
    written, skipped = write_examples(interp.results, args.out)
    print(f'gitleaks examples: {written[False]} positives, {written[True]} negatives in {args.out}; '
          f'skipped {skipped[False]} positives and {skipped[True]} negatives; '
          f'{failed} rule functions failed')


if __name__ == '__main__':
    main()
