//! AST construction helpers called from the grammar's actions, where Go's parser decides
//! something that a context-free rule cannot (parameter grouping, switch kinds, `<-chan`).

use crate::ast::*;
use crate::lexer::{Lit, SemiKind, Tok};
use smallvec::SmallVec;
use std::cell::{Cell, RefCell};

/// A syntax error raised by a grammar action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub msg: String,
}

/// The error type the grammar's fallible actions return.
pub type ActionError = lalrpop_util::ParseError<Pos, Tok, SyntaxError>;

/// A fallible action's failure: `syntax error: {msg}` at `pos`.
pub fn fail<T>(pos: Pos, msg: impl Into<String>) -> Result<T, ActionError> {
    Err(ActionError::User {
        error: SyntaxError {
            pos,
            msg: format!("syntax error: {}", msg.into()),
        },
    })
}

/// A placeholder expression where Go's parser would put a `BadExpr`.
pub fn bad_expr(cx: &Ctx, pos: Pos) -> Expr {
    mk(cx, pos, pos, ExprKind::Bad)
}

/// State shared by the grammar's actions: the next expression id, and the errors Go reports
/// without stopping its parser (the parse goes on with a best-effort tree).
#[derive(Default)]
pub struct Ctx {
    ids: Cell<u32>,
    errors: RefCell<Vec<SyntaxError>>,
}

impl Ctx {
    /// Records `syntax error: {msg}` at `pos` and lets the parse continue.
    pub fn error(&self, pos: Pos, msg: impl Into<String>) {
        self.error_plain(pos, format!("syntax error: {}", msg.into()));
    }

    /// Records an error Go prints without the `syntax error: ` prefix.
    pub fn error_plain(&self, pos: Pos, msg: impl Into<String>) {
        let msg = msg.into();
        self.errors.borrow_mut().push(SyntaxError { pos, msg });
    }

    /// The recorded errors, in the order the actions ran.
    pub fn take_errors(&self) -> Vec<SyntaxError> {
        self.errors.take()
    }
}

/// Builds an expression node with the next dense `ExprId`.
pub fn mk(cx: &Ctx, lo: Pos, hi: Pos, kind: ExprKind) -> Expr {
    let id = cx.ids.get();
    cx.ids.set(id + 1);
    Expr {
        id: ExprId(id),
        span: Span::new(lo, hi),
        kind,
    }
}

pub fn ident_expr(cx: &Ctx, name: Ident) -> Expr {
    let hi = name.end();
    mk(cx, name.pos, hi, ExprKind::Ident(name.name))
}

pub fn binary(cx: &Ctx, op: BinaryOp, op_pos: Pos, x: Expr, y: Expr) -> Expr {
    let (lo, hi) = (x.span.lo, y.span.hi);
    let kind = ExprKind::Binary {
        op,
        op_pos,
        x: Box::new(x),
        y: Box::new(y),
    };
    mk(cx, lo, hi, kind)
}

/// `x op1 y1 op2 y2 …` (each operator with its position), grouped by Go's precedence and
/// left-associative: an operator-precedence parse with a stack of pending operators whose
/// operands wait in `operands`.
pub fn binary_chain(cx: &Ctx, first: Expr, rest: Vec<(Pos, BinaryOp, Expr)>) -> Expr {
    if rest.is_empty() {
        return first;
    }
    let mut operands: SmallVec<[Expr; 4]> = SmallVec::new();
    let mut pending: SmallVec<[(Pos, BinaryOp); 4]> = SmallVec::new();
    operands.push(first);
    for (pos, op, y) in rest {
        while pending
            .last()
            .is_some_and(|&(_, top)| top.precedence() >= op.precedence())
        {
            reduce_binary(cx, &mut operands, &mut pending);
        }
        pending.push((pos, op));
        operands.push(y);
    }
    while !pending.is_empty() {
        reduce_binary(cx, &mut operands, &mut pending);
    }
    operands.pop().expect("a binary chain leaves one operand")
}

/// Applies the last pending operator to the last two operands.
fn reduce_binary(
    cx: &Ctx,
    operands: &mut SmallVec<[Expr; 4]>,
    pending: &mut SmallVec<[(Pos, BinaryOp); 4]>,
) {
    let (pos, op) = pending.pop().expect("an operator is pending");
    let y = operands.pop().expect("an operator has a right operand");
    let x = operands.pop().expect("an operator has a left operand");
    operands.push(binary(cx, op, pos, x, y));
}

/// A unary expression. `<-` applied to a channel type re-associates as Go's parser does, so
/// `<-chan int` is a receive-only channel type rather than a receive from `chan int`.
pub fn unary(cx: &Ctx, lo: Pos, op: UnaryOp, mut x: Expr) -> Expr {
    if op == UnaryOp::Recv {
        if let ExprKind::ChanType { dir, .. } = &mut x.kind {
            if *dir == ChanDir::Both {
                *dir = ChanDir::Recv;
                x.span.lo = lo;
                return x;
            }
        }
    }
    let hi = x.span.hi;
    mk(cx, lo, hi, ExprKind::Unary { op, x: Box::new(x) })
}

/// Whether `x` can be the type of a composite literal (Go's `complit_ok` test).
pub fn is_literal_type(x: &Expr) -> bool {
    matches!(
        x.kind,
        ExprKind::Ident(_)
            | ExprKind::Selector { .. }
            | ExprKind::Index { .. }
            | ExprKind::ArrayType { .. }
            | ExprKind::SliceType { .. }
            | ExprKind::MapType { .. }
            | ExprKind::StructType { .. }
    )
}

/// `T{...}` after checking that `T` can be a literal type.
pub fn composite(
    cx: &Ctx,
    typ: Expr,
    value: (Pos, Vec<KeyedElement>, Pos),
) -> Result<Expr, ActionError> {
    let (lbrace, elems, rbrace) = value;
    if !is_literal_type(&typ) {
        return fail(lbrace, "unexpected { at end of statement");
    }
    let lo = typ.span.lo;
    let kind = ExprKind::CompositeLit {
        typ: Some(Box::new(typ)),
        elems,
        lbrace,
        rbrace,
    };
    Ok(mk(cx, lo, rbrace + 1, kind))
}

/// One entry of a parameter list before Go's grouping rule is applied.
pub enum ParamEntry {
    /// A lone identifier: a parameter name or a type name, decided by the grouping rule.
    Bare(Ident),
    /// `a int`, `int`, `...int`, `a ...int`.
    Typed {
        name: Option<Ident>,
        typ: Expr,
        variadic: bool,
    },
}

impl ParamEntry {
    /// A lone type, or a lone identifier.
    pub fn bare(t: Expr) -> ParamEntry {
        match t.kind {
            ExprKind::Ident(name) => ParamEntry::Bare(Ident {
                name,
                pos: t.span.lo,
            }),
            _ => ParamEntry::Typed {
                name: None,
                typ: t,
                variadic: false,
            },
        }
    }

    fn is_named_and_typed(&self) -> bool {
        matches!(self, ParamEntry::Typed { name: Some(_), .. })
    }

    fn is_typed(&self) -> bool {
        matches!(self, ParamEntry::Typed { .. })
    }
}

/// Which list Go's `paramList` is parsing; type parameter lists require names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Params,
    TypeParams,
}

/// Applies Go's grouping rule to a parameter list: if any entry is `name Type`, every entry
/// is a name and bare names take the next type to their right (`a, b int`); otherwise every
/// entry is a type (`int, string`). `close` is the position of the closing bracket. A list
/// mixing the two is reported and read as types, and the parse goes on.
pub fn group_params(cx: &Ctx, entries: Vec<ParamEntry>, close: Pos, kind: ParamKind) -> Vec<Field> {
    let named = entries.iter().filter(|e| e.is_named_and_typed()).count();
    let typed = entries.iter().filter(|e| e.is_typed()).count();
    if named > 0 || kind == ParamKind::TypeParams {
        match grouping_error(&entries, named, typed, close, kind) {
            Some((pos, msg)) => cx.error(pos, msg),
            None => return group_named(entries),
        }
    }
    entries.into_iter().map(|e| unnamed_field(cx, e)).collect()
}

fn unnamed_field(cx: &Ctx, e: ParamEntry) -> Field {
    let (typ, variadic) = match e {
        ParamEntry::Bare(name) => (ident_expr(cx, name), false),
        ParamEntry::Typed { typ, variadic, .. } => (typ, variadic),
    };
    Field {
        names: Vec::new(),
        typ,
        variadic,
        tag: None,
    }
}

/// The error Go reports when a list mixes named and unnamed entries, if any: scanning from
/// the right, a type without a name, or a name with no type to its right.
fn grouping_error(
    entries: &[ParamEntry],
    named: usize,
    typed: usize,
    close: Pos,
    kind: ParamKind,
) -> Option<(Pos, &'static str)> {
    let mut err_pos = None;
    let mut have_type = false;
    for e in entries.iter().rev() {
        match e {
            ParamEntry::Typed {
                name: None, typ, ..
            } => err_pos = Some(typ.span.lo),
            ParamEntry::Bare(name) if !have_type => err_pos = Some(name.pos),
            _ => {}
        }
        have_type |= e.is_typed();
    }
    let pos = err_pos?;
    Some(match kind {
        ParamKind::Params if named == typed => (close, "missing parameter type"),
        ParamKind::Params => (pos, "missing parameter name"),
        ParamKind::TypeParams if named == typed => (close, "missing type constraint"),
        ParamKind::TypeParams if entries.len() == 1 => {
            (pos, "missing type parameter name or invalid array length")
        }
        ParamKind::TypeParams => (pos, "missing type parameter name"),
    })
}

/// Groups `a, b T, c U` into fields; the last entry has a type (checked by the caller).
fn group_named(entries: Vec<ParamEntry>) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut names = Vec::new();
    for e in entries {
        match e {
            ParamEntry::Bare(name) => names.push(name),
            ParamEntry::Typed {
                name,
                typ,
                variadic,
            } => {
                names.extend(name);
                fields.push(Field {
                    names: std::mem::take(&mut names),
                    typ,
                    variadic,
                    tag: None,
                });
            }
        }
    }
    fields
}

/// Type parameter groups from the entries of a type parameter list.
pub fn tparam_list(cx: &Ctx, entries: Vec<ParamEntry>, close: Pos) -> Vec<TypeParamGroup> {
    let fields = group_params(cx, entries, close, ParamKind::TypeParams);
    fields
        .into_iter()
        .map(|f| TypeParamGroup {
            names: f.names,
            constraint: f.typ,
        })
        .collect()
}

/// The bytes of a string literal token.
pub fn str_bytes(lit: Lit) -> Vec<u8> {
    match lit.value {
        LitValue::Str(bytes) => bytes,
        _ => Vec::new(),
    }
}

/// A literal; one with a lexical error becomes a bad expression, as in Go.
pub fn basic_lit(cx: &Ctx, lo: Pos, hi: Pos, lit: Lit) -> Expr {
    if lit.bad {
        return mk(cx, lo, hi, ExprKind::Bad);
    }
    let kind = ExprKind::BasicLit {
        value: lit.value,
        raw: lit.raw.into_boxed_str(),
    };
    mk(cx, lo, hi, kind)
}

/// `x[i]` or `x[A, B]` from bracketed arguments `(lbrack, args, rbrack)`.
pub fn instantiate(cx: &Ctx, x: Expr, args: (Pos, Vec<Expr>, Pos)) -> Expr {
    let (lbrack, indices, rbrack) = args;
    let lo = x.span.lo;
    let kind = ExprKind::Index {
        x: Box::new(x),
        indices,
        lbrack,
        rbrack,
    };
    mk(cx, lo, rbrack + 1, kind)
}

/// `x[lo:hi]` or `x[lo:hi:max]`.
pub fn slice_expr(
    cx: &Ctx,
    x: Expr,
    lbrack: Pos,
    bounds: [Option<Expr>; 3],
    three: bool,
    rbrack: Pos,
) -> Expr {
    let lo_pos = x.span.lo;
    let [lo, hi, max] = bounds.map(|b| b.map(Box::new));
    let kind = ExprKind::Slice {
        x: Box::new(x),
        lo,
        hi,
        max,
        three,
        lbrack,
        rbrack,
    };
    mk(cx, lo_pos, rbrack + 1, kind)
}

/// `fun(args)` with an optional trailing `...`.
pub fn call(cx: &Ctx, fun: Expr, lparen: Pos, args: (Vec<Expr>, Option<Pos>), rparen: Pos) -> Expr {
    let lo = fun.span.lo;
    let kind = ExprKind::Call {
        fun: Box::new(fun),
        args: args.0,
        ellipsis: args.1,
        lparen,
        rparen,
    };
    mk(cx, lo, rparen + 1, kind)
}

/// A constraint `~A | B`: a union is a chain of `|` binary expressions, `~` a unary one.
pub fn union(cx: &Ctx, terms: Vec<(Option<Pos>, Expr)>, bars: Vec<Pos>) -> Expr {
    let mut terms = terms.into_iter().map(|(tilde, t)| match tilde {
        Some(lo) => unary(cx, lo, UnaryOp::Tilde, t),
        None => t,
    });
    let first = terms.next().expect("a union has at least one term");
    terms
        .zip(bars)
        .fold(first, |x, (y, bar)| binary(cx, BinaryOp::Or, bar, x, y))
}

/// The terms of an embedded interface element, from its constraint expression.
pub fn type_terms(e: Expr) -> Vec<TypeTerm> {
    let mut out = Vec::new();
    flatten_union(e, &mut out);
    out
}

fn flatten_union(e: Expr, out: &mut Vec<TypeTerm>) {
    match e.kind {
        ExprKind::Binary {
            op: BinaryOp::Or,
            x,
            y,
            ..
        } => {
            flatten_union(*x, out);
            flatten_union(*y, out);
        }
        ExprKind::Unary {
            op: UnaryOp::Tilde,
            x,
        } => out.push(TypeTerm {
            tilde: true,
            typ: *x,
        }),
        _ => out.push(TypeTerm {
            tilde: false,
            typ: e,
        }),
    }
}

/// Numbers the specs of a `const` group: `iota` is each spec's index.
pub fn const_group(specs: Vec<ConstSpec>) -> ConstGroup {
    let specs = specs
        .into_iter()
        .enumerate()
        .map(|(i, s)| ConstSpec {
            iota: i as u32,
            ..s
        })
        .collect();
    ConstGroup { specs }
}

/// The condition of an `if`/`for` header must be an expression, not another statement.
pub fn header_expr(cx: &Ctx, s: Stmt, pos: Pos) -> Expr {
    match s {
        Stmt::Expr(e) => e,
        other => {
            let pos = stmt_pos(&other).unwrap_or(pos);
            cx.error(pos, cannot_use_as_value(&other));
            bad_expr(cx, pos)
        }
    }
}

/// Go's message for a statement used as a condition; a plain assignment is emphasised.
pub fn cannot_use_as_value(s: &Stmt) -> String {
    use crate::syntax::print;
    let text = match s {
        Stmt::Assign {
            lhs,
            op: AssignOp::Assign,
            rhs,
            ..
        } => format!(
            "assignment {} = {}",
            print::emphasize(lhs),
            print::emphasize(rhs)
        ),
        other => print::stmt(other).unwrap_or_else(|| "statement".to_string()),
    };
    format!("cannot use {text} as value")
}

/// The position Go reports for a simple statement: its operator, or an expression's start.
fn stmt_pos(s: &Stmt) -> Option<Pos> {
    match s {
        Stmt::Assign { pos, .. } | Stmt::Send { pos, .. } | Stmt::IncDec { pos, .. } => Some(*pos),
        Stmt::Expr(e) => Some(e.pos()),
        _ => None,
    }
}

/// The header of an `if`: `init; cond`, with the separating semicolon.
pub struct IfHeader {
    pub init: Option<Box<Stmt>>,
    pub semi: Option<(Pos, Tok)>,
    pub cond: Option<Box<Stmt>>,
}

/// `if [init;] cond {} [else ...]`; the condition must be present and an expression.
pub fn if_stmt(
    cx: &Ctx,
    pos: Pos,
    header: IfHeader,
    then: Block,
    els: Option<Box<Stmt>>,
) -> Box<Stmt> {
    let IfHeader { init, semi, cond } = header;
    let cond = match cond {
        Some(cond) => header_expr(cx, *cond, pos),
        None => {
            let at = match semi {
                Some((at, Tok::Semi(SemiKind::Newline))) => {
                    cx.error(at, "unexpected newline, expected { after if clause");
                    at
                }
                Some((at, _)) => {
                    cx.error(at, "missing condition in if statement");
                    at
                }
                None => {
                    cx.error(pos, "missing condition in if statement");
                    pos
                }
            };
            bad_expr(cx, at)
        }
    };
    Box::new(Stmt::If {
        pos,
        init,
        cond,
        then,
        els,
    })
}

/// The parts of a switch header: `init` and the tag statement.
pub struct SwitchHeader {
    pub init: Option<Box<Stmt>>,
    pub tag: Option<Box<Stmt>>,
}

/// Builds an expression switch or, when the tag is `x.(type)` or `v := x.(type)`, a type
/// switch.
pub fn switch_stmt(
    cx: &Ctx,
    pos: Pos,
    header: SwitchHeader,
    clauses: Vec<CaseClause>,
    rbrace: Pos,
) -> Box<Stmt> {
    let init = header.init;
    let Some(tag) = header.tag else {
        return Box::new(Stmt::Switch {
            pos,
            init,
            tag: None,
            clauses,
            rbrace,
        });
    };
    if let Some((bind, x)) = type_switch_guard(&tag) {
        return Box::new(Stmt::TypeSwitch {
            pos,
            init,
            bind,
            x,
            clauses,
            rbrace,
        });
    }
    let tag = header_expr(cx, *tag, pos);
    Box::new(Stmt::Switch {
        pos,
        init,
        tag: Some(tag),
        clauses,
        rbrace,
    })
}

/// Recognises `x.(type)` and `v := x.(type)`.
fn type_switch_guard(s: &Stmt) -> Option<(Option<Ident>, Expr)> {
    let guard_operand = |e: &Expr| match &e.kind {
        ExprKind::TypeAssert { x, typ: None, .. } => Some((**x).clone()),
        _ => None,
    };
    match s {
        Stmt::Expr(e) => guard_operand(e).map(|x| (None, x)),
        Stmt::Assign {
            lhs,
            op: AssignOp::Define,
            rhs,
            ..
        } if lhs.len() == 1 && rhs.len() == 1 => {
            let x = guard_operand(&rhs[0])?;
            match &lhs[0].kind {
                ExprKind::Ident(name) => Some((
                    Some(Ident {
                        name: name.clone(),
                        pos: lhs[0].span.lo,
                    }),
                    x,
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A `for` statement's three-clause form; the post statement cannot declare.
pub fn for_stmt(
    cx: &Ctx,
    pos: Pos,
    init: Option<Box<Stmt>>,
    cond: Option<Box<Stmt>>,
    post: Option<Box<Stmt>>,
    body: Block,
) -> Box<Stmt> {
    let cond = cond.map(|c| header_expr(cx, *c, pos));
    if let Some(Stmt::Assign {
        op: AssignOp::Define,
        pos: op_pos,
        ..
    }) = post.as_deref()
    {
        cx.error(*op_pos, "cannot declare in post statement of for loop");
    }
    Box::new(Stmt::For {
        pos,
        init,
        cond,
        post,
        body,
    })
}

/// `for k, v := range x` / `for k = range x` / `for range x`. More than two variables is a
/// type error in Go (its checker declares the first two and ignores the rest), so the parse
/// goes on without the extra ones.
pub fn range_stmt(
    cx: &Ctx,
    pos: Pos,
    lhs: Vec<Expr>,
    define: bool,
    x: Expr,
    body: Block,
) -> Box<Stmt> {
    if let Some(extra) = lhs.get(2) {
        let msg = "range clause permits at most two iteration variables";
        cx.error_plain(extra.pos(), msg);
    }
    let mut lhs = lhs.into_iter();
    Box::new(Stmt::Range {
        pos,
        key: lhs.next().map(Box::new),
        value: lhs.next().map(Box::new),
        define,
        x,
        body,
    })
}

/// The receiver of a method declaration: the first field of its parameter list, which Go
/// wants to be the only one (a plain error at the method name `at`: Go still type-checks).
pub fn receiver(cx: &Ctx, params: Vec<Field>, at: Pos) -> Option<Field> {
    match params.len() {
        0 => cx.error_plain(at, "method has no receiver"),
        1 => {}
        _ => cx.error_plain(at, "method has multiple receivers"),
    }
    params.into_iter().next()
}
