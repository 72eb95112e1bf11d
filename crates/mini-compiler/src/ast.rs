//! The syntax tree the parser builds: Go's syntax with byte positions, types parsed as expressions.
//!
//! Go's grammar does not separate types from expressions (`[]int(x)` is a conversion, `*T` is a
//! pointer type or a dereference, `f[int]` an instantiation or an index), so types are `Expr`s
//! and the type checker decides what each one means in its context.
//!
//! Positions are byte offsets into the source (`Pos`). Where Go reports an error at a particular
//! token of a node (the operator of a binary expression, the `(` of a call, the closing `}` of a
//! function body for `missing return`), that token's position is stored in the node.
//!
//! Every expression carries an `ExprId`, unique within a file, so later passes can keep per-node
//! facts (types, constant values, escape decisions) in side tables instead of in the tree.

/// A byte offset into the source file.
pub type Pos = u32;

/// A half-open byte range `[lo, hi)` into the source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub lo: Pos,
    pub hi: Pos,
}

impl Span {
    pub fn new(lo: Pos, hi: Pos) -> Span {
        Span { lo, hi }
    }
}

/// Identifies one expression node; dense from 0 within a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub pos: Pos,
}

impl Ident {
    pub fn is_blank(&self) -> bool {
        self.name == "_"
    }
    pub fn end(&self) -> Pos {
        self.pos + self.name.len() as Pos
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub package: Ident,
    pub imports: Vec<ImportSpec>,
    pub decls: Vec<Decl>,
    /// Number of `ExprId`s handed out while parsing this file.
    pub expr_count: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportSpec {
    /// `import name "path"`; also `_` and `.`.
    pub name: Option<Ident>,
    /// The decoded import path.
    pub path: String,
    /// Position of the path's string literal.
    pub path_pos: Pos,
}

// A file holds few declarations and each is built once; boxing the large variant would only
// add an indirection to every walk.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    Const(ConstGroup),
    Var(Vec<VarSpec>),
    Type(Vec<TypeSpec>),
    Func(FuncDecl),
}

/// A `const` declaration; a parenthesised group keeps its specs together because a spec
/// without values repeats the previous spec's type and values (with its own `iota`).
#[derive(Clone, Debug, PartialEq)]
pub struct ConstGroup {
    pub specs: Vec<ConstSpec>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConstSpec {
    pub names: Vec<Ident>,
    pub typ: Option<Expr>,
    /// Empty for an implicit repetition of the previous spec.
    pub values: Vec<Expr>,
    /// The value of `iota` in this spec: its index in the group.
    pub iota: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VarSpec {
    pub names: Vec<Ident>,
    pub typ: Option<Expr>,
    pub values: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeSpec {
    pub name: Ident,
    pub tparams: Vec<TypeParamGroup>,
    /// `type A = B` declares an alias.
    pub alias: bool,
    pub typ: Expr,
}

/// `[K comparable, V any]`: names sharing one constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeParamGroup {
    pub names: Vec<Ident>,
    pub constraint: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FuncDecl {
    /// Position of the `func` keyword.
    pub pos: Pos,
    pub recv: Option<Field>,
    pub name: Ident,
    pub tparams: Vec<TypeParamGroup>,
    pub sig: FuncType,
    pub body: Option<Block>,
}

impl FuncDecl {
    /// A generic function, or a method of a generic type (`func (l *List[T]) Push(v T)`).
    pub fn is_generic(&self) -> bool {
        !self.tparams.is_empty()
            || self.recv.as_ref().is_some_and(|r| {
                let mut t = r.typ.unparen();
                if let ExprKind::Unary { x, .. } = &t.kind {
                    t = x.unparen();
                }
                matches!(t.kind, ExprKind::Index { .. })
            })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FuncType {
    /// Position of the `func` keyword, or of the `(` of the parameters in a declaration.
    pub pos: Pos,
    pub params: Vec<Field>,
    pub results: Vec<Field>,
}

/// One parameter, result, receiver or struct field group: `a, b int`, `int`, `xs ...int`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Empty for an unnamed parameter or an embedded struct field.
    pub names: Vec<Ident>,
    pub typ: Expr,
    /// `...T` as the last parameter.
    pub variadic: bool,
    /// A struct field tag, decoded.
    pub tag: Option<Vec<u8>>,
}

/// One element of an interface type: a method, or an embedded type / type-set term list.
#[derive(Clone, Debug, PartialEq)]
pub enum InterfaceElem {
    Method {
        name: Ident,
        sig: FuncType,
    },
    /// `io.Reader`, `~int | ~string`, `comparable`.
    Embed(Vec<TypeTerm>),
}

/// A term of a type set: `T` or `~T`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeTerm {
    pub tilde: bool,
    pub typ: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub id: ExprId,
    pub span: Span,
    pub kind: ExprKind,
}

impl Expr {
    /// The position Go reports for this expression (its first byte, except where noted on the
    /// node kind).
    pub fn pos(&self) -> Pos {
        self.span.lo
    }

    /// Strips any number of enclosing parentheses.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `+x`
    Pos,
    /// `-x`
    Neg,
    /// `!x`
    Not,
    /// `^x`
    Xor,
    /// `&x`
    Addr,
    /// `<-x`
    Recv,
    /// `*x`: a dereference or, in a type context, a pointer type.
    Star,
    /// `~T` (only inside constraints)
    Tilde,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    Xor,
    AndNot,
    Shl,
    Shr,
    LogAnd,
    LogOr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinaryOp {
    /// Go's precedence: 5 for `* / % << >> & &^`, 4 for `+ - | ^`, 3 for comparisons, 2 for
    /// `&&`, 1 for `||`. Every binary operator is left-associative.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Mul
            | BinaryOp::Div
            | BinaryOp::Rem
            | BinaryOp::Shl
            | BinaryOp::Shr
            | BinaryOp::And
            | BinaryOp::AndNot => 5,
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Or | BinaryOp::Xor => 4,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => 3,
            BinaryOp::LogAnd => 2,
            BinaryOp::LogOr => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::And => "&",
            BinaryOp::Or => "|",
            BinaryOp::Xor => "^",
            BinaryOp::AndNot => "&^",
            BinaryOp::Shl => "<<",
            BinaryOp::Shr => ">>",
            BinaryOp::LogAnd => "&&",
            BinaryOp::LogOr => "||",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }
}

impl UnaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Pos => "+",
            UnaryOp::Neg => "-",
            UnaryOp::Not => "!",
            UnaryOp::Xor => "^",
            UnaryOp::Addr => "&",
            UnaryOp::Recv => "<-",
            UnaryOp::Star => "*",
            UnaryOp::Tilde => "~",
        }
    }
}

/// A decoded literal.
#[derive(Clone, Debug, PartialEq)]
pub enum LitValue {
    /// Integer literal text with `_` removed and base prefix kept (`0x1F`, `017`, `0o17`, `0b1`).
    Int(String),
    /// Float literal text with `_` removed.
    Float(String),
    /// Imaginary literal text (rejected by the checker: complex numbers are out of the subset).
    Imag(String),
    /// A rune literal's code point.
    Rune(u32),
    /// A string literal's bytes (may be invalid UTF-8, as Go allows with `\xff`).
    Str(Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChanDir {
    Both,
    /// `chan<- T`
    Send,
    /// `<-chan T`
    Recv,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A name, including `_`, `nil`, `true`, `iota` and predeclared types: resolution is the
    /// checker's job.
    Ident(String),
    /// A literal; `raw` is the source text as written (used in messages).
    BasicLit {
        value: LitValue,
        raw: Box<str>,
    },
    /// `T{...}`; `typ` is `None` for an elided type inside another composite literal.
    CompositeLit {
        typ: Option<Box<Expr>>,
        elems: Vec<KeyedElement>,
        lbrace: Pos,
        rbrace: Pos,
    },
    /// The signature is boxed: it is the largest field of any expression, and most
    /// expressions are not literals.
    FuncLit {
        sig: Box<FuncType>,
        body: Block,
    },
    Paren(Box<Expr>),
    /// `x.sel`
    Selector {
        x: Box<Expr>,
        sel: Ident,
    },
    /// `x[i]`, or an instantiation `f[int, string]`.
    Index {
        x: Box<Expr>,
        indices: Vec<Expr>,
        lbrack: Pos,
        rbrack: Pos,
    },
    /// `x[lo:hi]` and `x[lo:hi:max]`.
    Slice {
        x: Box<Expr>,
        lo: Option<Box<Expr>>,
        hi: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
        three: bool,
        lbrack: Pos,
        rbrack: Pos,
    },
    /// `x.(T)`; `typ` is `None` for `x.(type)` in a type switch guard.
    TypeAssert {
        x: Box<Expr>,
        typ: Option<Box<Expr>>,
        lparen: Pos,
    },
    /// `f(args)`; `ellipsis` is the position of a trailing `...`.
    Call {
        fun: Box<Expr>,
        args: Vec<Expr>,
        ellipsis: Option<Pos>,
        lparen: Pos,
        rparen: Pos,
    },
    /// A unary operation; the span starts at the operator.
    Unary {
        op: UnaryOp,
        x: Box<Expr>,
    },
    /// A binary operation; Go reports errors about it at `op_pos`.
    Binary {
        op: BinaryOp,
        op_pos: Pos,
        x: Box<Expr>,
        y: Box<Expr>,
    },
    /// `[N]T`; `len` is `None` for `[...]T`.
    ArrayType {
        len: Option<Box<Expr>>,
        elem: Box<Expr>,
    },
    /// `[]T`
    SliceType {
        elem: Box<Expr>,
    },
    /// `map[K]V`
    MapType {
        key: Box<Expr>,
        value: Box<Expr>,
    },
    /// `chan T`, `chan<- T`, `<-chan T`
    ChanType {
        dir: ChanDir,
        elem: Box<Expr>,
    },
    /// `func(...) ...` as a type.
    FuncType(FuncType),
    /// `struct { ... }`
    StructType {
        fields: Vec<Field>,
    },
    /// `interface { ... }`
    InterfaceType {
        elems: Vec<InterfaceElem>,
    },
    /// `...T` in a parameter list is recorded on the `Field`; this appears only where Go's
    /// parser would also accept it syntactically and report it later (e.g. `[]...int`).
    Ellipsis {
        elem: Option<Box<Expr>>,
    },
    /// A placeholder the parser inserts after a syntax error it recovered from.
    Bad,
}

/// An element of a composite literal: `value` or `key: value`.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedElement {
    pub key: Option<Box<Expr>>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub lbrace: Pos,
    pub stmts: Vec<Stmt>,
    pub rbrace: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `:=`
    Define,
    /// `+=`, `<<=`, ...
    Op(BinaryOp),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// An empty statement (a lone `;`).
    Empty(Pos),
    Expr(Expr),
    /// `ch <- v`; `pos` is the arrow.
    Send {
        ch: Expr,
        value: Expr,
        pos: Pos,
    },
    /// `x++` / `x--`; `pos` is the operator.
    IncDec {
        x: Expr,
        inc: bool,
        pos: Pos,
    },
    /// Assignment, op-assignment or short variable declaration; `pos` is the operator.
    Assign {
        lhs: Vec<Expr>,
        op: AssignOp,
        rhs: Vec<Expr>,
        pos: Pos,
    },
    /// A declaration statement (`var`, `const`, `type` inside a function); boxed, as a
    /// declaration is larger than any other statement.
    Decl(Box<Decl>),
    Go {
        call: Expr,
        pos: Pos,
    },
    Defer {
        call: Expr,
        pos: Pos,
    },
    Return {
        results: Vec<Expr>,
        pos: Pos,
    },
    Break {
        label: Option<Ident>,
        pos: Pos,
    },
    Continue {
        label: Option<Ident>,
        pos: Pos,
    },
    Goto {
        label: Ident,
        pos: Pos,
    },
    Fallthrough {
        pos: Pos,
    },
    Block(Block),
    If {
        pos: Pos,
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Block,
        /// Either `Stmt::If` or `Stmt::Block`.
        els: Option<Box<Stmt>>,
    },
    Switch {
        pos: Pos,
        init: Option<Box<Stmt>>,
        tag: Option<Expr>,
        clauses: Vec<CaseClause>,
        rbrace: Pos,
    },
    /// `switch [init;] [bind :=] x.(type) { ... }`
    TypeSwitch {
        pos: Pos,
        init: Option<Box<Stmt>>,
        bind: Option<Ident>,
        /// The operand `x` of `x.(type)`.
        x: Expr,
        clauses: Vec<CaseClause>,
        rbrace: Pos,
    },
    Select {
        pos: Pos,
        clauses: Vec<CommClause>,
        rbrace: Pos,
    },
    /// `for init; cond; post {}`, `for cond {}`, `for {}`.
    For {
        pos: Pos,
        init: Option<Box<Stmt>>,
        cond: Option<Expr>,
        post: Option<Box<Stmt>>,
        body: Block,
    },
    /// `for k, v := range x {}`, `for k = range x {}`, `for range x {}`.
    Range {
        pos: Pos,
        key: Option<Box<Expr>>,
        value: Option<Box<Expr>>,
        /// `:=` (true) or `=` (false); meaningless when there is no key.
        define: bool,
        x: Expr,
        body: Block,
    },
    Labeled {
        label: Ident,
        stmt: Box<Stmt>,
    },
}

/// `case a, b:` or `default:` in an expression or type switch. In a type switch the
/// expressions are types (and `nil`).
#[derive(Clone, Debug, PartialEq)]
pub struct CaseClause {
    pub pos: Pos,
    /// `None` for `default`.
    pub exprs: Option<Vec<Expr>>,
    /// Position of the `:`; Go scopes a clause from here.
    pub colon: Pos,
    pub body: Vec<Stmt>,
}

/// `case comm:` or `default:` in a select.
#[derive(Clone, Debug, PartialEq)]
pub struct CommClause {
    pub pos: Pos,
    /// `None` for `default`; otherwise a send, a receive expression statement or a receive
    /// assignment (`v, ok := <-ch`).
    pub comm: Option<Box<Stmt>>,
    pub colon: Pos,
    pub body: Vec<Stmt>,
}
