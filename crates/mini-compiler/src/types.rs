//! Go's types: the type table, predicates (identity, assignability, comparability) and Go's
//! printed form of types as it appears in diagnostics.
//!
//! Every type lives in a `TypeTable` and is named by a `TypeId`. Composite types are created on
//! demand and are not deduplicated, so identity is structural (`identical`), with a fast path when
//! two ids are equal. Named types are unique per declaration; their underlying type is filled in
//! once their declaration has been checked (it is `INVALID` while the declaration is in progress,
//! which is how invalid recursive types are detected).

use std::fmt::Write;

/// Names one type in a `TypeTable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// The predeclared basic types and the untyped kinds of constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BasicKind {
    Invalid,
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    String,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedString,
    UntypedNil,
}

impl BasicKind {
    pub fn name(self) -> &'static str {
        match self {
            BasicKind::Invalid => "invalid type",
            BasicKind::Bool => "bool",
            BasicKind::Int => "int",
            BasicKind::Int8 => "int8",
            BasicKind::Int16 => "int16",
            BasicKind::Int32 => "int32",
            BasicKind::Int64 => "int64",
            BasicKind::Uint => "uint",
            BasicKind::Uint8 => "uint8",
            BasicKind::Uint16 => "uint16",
            BasicKind::Uint32 => "uint32",
            BasicKind::Uint64 => "uint64",
            BasicKind::Uintptr => "uintptr",
            BasicKind::Float32 => "float32",
            BasicKind::Float64 => "float64",
            BasicKind::String => "string",
            BasicKind::UntypedBool => "untyped bool",
            BasicKind::UntypedInt => "untyped int",
            BasicKind::UntypedRune => "untyped rune",
            BasicKind::UntypedFloat => "untyped float",
            BasicKind::UntypedString => "untyped string",
            BasicKind::UntypedNil => "untyped nil",
        }
    }

    pub fn is_integer(self) -> bool {
        use BasicKind::*;
        matches!(
            self,
            Int | Int8
                | Int16
                | Int32
                | Int64
                | Uint
                | Uint8
                | Uint16
                | Uint32
                | Uint64
                | Uintptr
                | UntypedInt
                | UntypedRune
        )
    }

    pub fn is_unsigned(self) -> bool {
        use BasicKind::*;
        matches!(self, Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr)
    }

    pub fn is_float(self) -> bool {
        matches!(
            self,
            BasicKind::Float32 | BasicKind::Float64 | BasicKind::UntypedFloat
        )
    }

    pub fn is_numeric(self) -> bool {
        self.is_integer() || self.is_float()
    }

    pub fn is_string(self) -> bool {
        matches!(self, BasicKind::String | BasicKind::UntypedString)
    }

    pub fn is_boolean(self) -> bool {
        matches!(self, BasicKind::Bool | BasicKind::UntypedBool)
    }

    pub fn is_untyped(self) -> bool {
        use BasicKind::*;
        matches!(
            self,
            UntypedBool | UntypedInt | UntypedRune | UntypedFloat | UntypedString | UntypedNil
        )
    }

    pub fn is_ordered(self) -> bool {
        self.is_numeric() || self.is_string()
    }

    /// Size in bits of an integer or float kind (int, uint and uintptr are 64-bit).
    pub fn bits(self) -> u32 {
        use BasicKind::*;
        match self {
            Int8 | Uint8 => 8,
            Int16 | Uint16 => 16,
            Int32 | Uint32 | Float32 => 32,
            _ => 64,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChanDir {
    Both,
    Send,
    Recv,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldInfo {
    pub name: String,
    pub typ: TypeId,
    pub embedded: bool,
    pub tag: Option<Vec<u8>>,
    /// The field's declaring position (for duplicate-field messages).
    pub pos: u32,
}

/// A function signature; parameter names are kept for printing only. The lists are shared:
/// checking and compiling a call copy its callee's signature, which then costs no allocation.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    pub params: std::sync::Arc<[(String, TypeId)]>,
    pub results: std::sync::Arc<[(String, TypeId)]>,
    /// The last parameter is `...T` (its recorded type is `[]T`).
    pub variadic: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MethodInfo {
    pub name: String,
    /// The signature without receiver; a `Func` type.
    pub sig: TypeId,
}

/// An interface: its explicitly declared methods and embedded interfaces as written (for
/// printing) and, once completed, its full method set sorted by name.
#[derive(Clone, Debug, PartialEq)]
pub struct InterfaceInfo {
    pub methods: Vec<MethodInfo>,
    pub embedded: Vec<TypeId>,
    pub all_methods: Vec<MethodInfo>,
    /// The interface has type-set terms (a constraint); not usable as a value type.
    pub has_terms: bool,
    /// The unions of its type set (`~int | string` is one union of two terms, `~` first),
    /// each term list restricting the set further.
    pub unions: Vec<Vec<(bool, TypeId)>>,
}

/// A named (defined) type or a type alias that the checker keeps for printing (`any`).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedInfo {
    pub name: String,
    /// `None` for predeclared names (`error`), else the package path (`main`, `strings`).
    pub pkg: Option<String>,
    pub underlying: TypeId,
    /// Methods declared with this type as receiver base, in declaration order.
    pub methods: Vec<NamedMethod>,
    /// A predeclared alias (`any`): printed by name but identical to its underlying type.
    pub alias: bool,
    /// The type arguments of an instantiated generic type (`Pair[int, string]`), after those
    /// of the generic function instance whose body declares it, if any.
    pub targs: Vec<TypeId>,
    /// How many of `targs` are the enclosing function instance's (`main.local[int]`,
    /// `main.Box[int;string]` at run time).
    pub outer_targs: usize,
}

/// A type parameter of a generic function or type, with its constraint (an interface).
#[derive(Clone, Debug, PartialEq)]
pub struct TypeParamInfo {
    pub name: String,
    pub constraint: TypeId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NamedMethod {
    pub name: String,
    pub sig: TypeId,
    pub pointer_recv: bool,
    /// The method's function object in the checker's object table.
    pub func: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeData {
    Basic(BasicKind),
    Named(NamedInfo),
    Pointer(TypeId),
    Slice(TypeId),
    Array(u64, TypeId),
    Map(TypeId, TypeId),
    Chan(ChanDir, TypeId),
    Func(Signature),
    Struct(Vec<FieldInfo>),
    Interface(InterfaceInfo),
    /// The result list of a call with several results.
    Tuple(Vec<TypeId>),
    TypeParam(TypeParamInfo),
}

pub const INVALID: TypeId = TypeId(0);

/// All types of one compilation.
#[derive(Clone)]
pub struct TypeTable {
    types: Vec<TypeData>,
    basics: Vec<TypeId>,
    /// `interface{}` (written as such).
    pub empty_interface: TypeId,
    /// `any`, the alias for `interface{}`.
    pub any: TypeId,
    /// The predeclared `error` interface.
    pub error: TypeId,
    /// `byte` and `rune`: aliases of `uint8` and `int32` that print under their own names.
    pub byte: TypeId,
    pub rune: TypeId,
    /// The predeclared `comparable` constraint.
    pub comparable: TypeId,
}

const BASIC_KINDS: [BasicKind; 22] = [
    BasicKind::Invalid,
    BasicKind::Bool,
    BasicKind::Int,
    BasicKind::Int8,
    BasicKind::Int16,
    BasicKind::Int32,
    BasicKind::Int64,
    BasicKind::Uint,
    BasicKind::Uint8,
    BasicKind::Uint16,
    BasicKind::Uint32,
    BasicKind::Uint64,
    BasicKind::Uintptr,
    BasicKind::Float32,
    BasicKind::Float64,
    BasicKind::String,
    BasicKind::UntypedBool,
    BasicKind::UntypedInt,
    BasicKind::UntypedRune,
    BasicKind::UntypedFloat,
    BasicKind::UntypedString,
    BasicKind::UntypedNil,
];

impl Default for TypeTable {
    fn default() -> Self {
        TypeTable::new()
    }
}

impl TypeTable {
    pub fn new() -> TypeTable {
        let mut t = TypeTable {
            types: Vec::new(),
            basics: Vec::new(),
            empty_interface: INVALID,
            any: INVALID,
            error: INVALID,
            byte: INVALID,
            rune: INVALID,
            comparable: INVALID,
        };
        for k in BASIC_KINDS {
            let id = t.add(TypeData::Basic(k));
            t.basics.push(id);
        }
        t.empty_interface = t.add(TypeData::Interface(InterfaceInfo {
            methods: vec![],
            embedded: vec![],
            all_methods: vec![],
            has_terms: false,
            unions: vec![],
        }));
        t.any = t.add(TypeData::Named(NamedInfo {
            name: "any".into(),
            pkg: None,
            underlying: t.empty_interface,
            methods: vec![],
            alias: true,
            targs: vec![],
            outer_targs: 0,
        }));
        let string = t.basic(BasicKind::String);
        let error_sig = t.add(TypeData::Func(Signature {
            params: [].into(),
            results: [(String::new(), string)].into(),
            variadic: false,
        }));
        let error_methods = vec![MethodInfo {
            name: "Error".into(),
            sig: error_sig,
        }];
        let error_iface = t.add(TypeData::Interface(InterfaceInfo {
            methods: error_methods.clone(),
            embedded: vec![],
            all_methods: error_methods,
            has_terms: false,
            unions: vec![],
        }));
        t.byte = t.alias("byte", BasicKind::Uint8);
        t.rune = t.alias("rune", BasicKind::Int32);
        t.error = t.add(TypeData::Named(NamedInfo {
            name: "error".into(),
            pkg: None,
            underlying: error_iface,
            methods: vec![],
            alias: false,
            targs: vec![],
            outer_targs: 0,
        }));
        t
    }

    fn alias(&mut self, name: &str, k: BasicKind) -> TypeId {
        let underlying = self.basic(k);
        self.add(TypeData::Named(NamedInfo {
            name: name.into(),
            pkg: None,
            underlying,
            methods: vec![],
            alias: true,
            targs: vec![],
            outer_targs: 0,
        }))
    }

    /// A defined type in Go's sense: a named type or a predeclared basic type.
    pub fn is_defined(&self, t: TypeId) -> bool {
        match self.get(self.unalias(t)) {
            TypeData::Named(_) => true,
            TypeData::Basic(k) => !k.is_untyped(),
            _ => false,
        }
    }

    pub fn add(&mut self, data: TypeData) -> TypeId {
        self.types.push(data);
        TypeId(self.types.len() as u32 - 1)
    }

    pub fn basic(&self, k: BasicKind) -> TypeId {
        self.basics[k as usize]
    }

    pub fn get(&self, t: TypeId) -> &TypeData {
        &self.types[t.0 as usize]
    }

    pub fn get_mut(&mut self, t: TypeId) -> &mut TypeData {
        &mut self.types[t.0 as usize]
    }

    pub fn pointer(&mut self, t: TypeId) -> TypeId {
        self.add(TypeData::Pointer(t))
    }

    pub fn slice(&mut self, t: TypeId) -> TypeId {
        self.add(TypeData::Slice(t))
    }

    pub fn tuple(&mut self, ts: Vec<TypeId>) -> TypeId {
        self.add(TypeData::Tuple(ts))
    }

    /// The underlying type: itself for everything but named types.
    pub fn underlying(&self, t: TypeId) -> TypeId {
        let mut t = t;
        for _ in 0..64 {
            match self.get(t) {
                TypeData::Named(n) => t = n.underlying,
                _ => return t,
            }
        }
        INVALID
    }

    pub fn under(&self, t: TypeId) -> &TypeData {
        self.get(self.underlying(t))
    }

    /// The basic kind of `t`'s underlying type, if it is basic.
    pub fn basic_kind(&self, t: TypeId) -> Option<BasicKind> {
        match self.under(t) {
            TypeData::Basic(k) => Some(*k),
            _ => None,
        }
    }

    pub fn is_invalid(&self, t: TypeId) -> bool {
        self.basic_kind(t) == Some(BasicKind::Invalid)
    }

    pub fn is_untyped(&self, t: TypeId) -> bool {
        matches!(self.get(t), TypeData::Basic(k) if k.is_untyped())
    }

    pub fn is_named(&self, t: TypeId) -> bool {
        matches!(self.get(t), TypeData::Named(n) if !n.alias)
    }

    pub fn is_interface(&self, t: TypeId) -> bool {
        matches!(self.under(t), TypeData::Interface(_))
    }

    pub fn is_integer(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_integer())
    }

    pub fn is_unsigned(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_unsigned())
    }

    pub fn is_float(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_float())
    }

    pub fn is_numeric(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_numeric())
    }

    pub fn is_string(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_string())
    }

    pub fn is_boolean(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_boolean())
    }

    pub fn is_ordered(&self, t: TypeId) -> bool {
        self.basic_kind(t).is_some_and(|k| k.is_ordered())
    }

    /// The type an untyped constant takes when nothing else decides it.
    pub fn default_type(&self, t: TypeId) -> TypeId {
        match self.get(t) {
            TypeData::Basic(k) => self.basic(match k {
                BasicKind::UntypedBool => BasicKind::Bool,
                BasicKind::UntypedInt => BasicKind::Int,
                BasicKind::UntypedRune => BasicKind::Int32,
                BasicKind::UntypedFloat => BasicKind::Float64,
                BasicKind::UntypedString => BasicKind::String,
                k => *k,
            }),
            _ => t,
        }
    }

    /// The signature of a function type.
    pub fn signature(&self, t: TypeId) -> Option<&Signature> {
        match self.under(t) {
            TypeData::Func(s) => Some(s),
            _ => None,
        }
    }

    /// Go's type identity.
    pub fn identical(&self, a: TypeId, b: TypeId) -> bool {
        if a == b {
            return true;
        }
        let a = self.unalias(a);
        let b = self.unalias(b);
        if a == b {
            return true;
        }
        match (self.get(a), self.get(b)) {
            (TypeData::Basic(x), TypeData::Basic(y)) => {
                x == y || (*x == BasicKind::Uint8 && *y == BasicKind::Uint8)
            }
            (TypeData::Pointer(x), TypeData::Pointer(y)) => self.identical(*x, *y),
            (TypeData::Slice(x), TypeData::Slice(y)) => self.identical(*x, *y),
            (TypeData::Array(n, x), TypeData::Array(m, y)) => n == m && self.identical(*x, *y),
            (TypeData::Map(k1, v1), TypeData::Map(k2, v2)) => {
                self.identical(*k1, *k2) && self.identical(*v1, *v2)
            }
            (TypeData::Chan(d1, x), TypeData::Chan(d2, y)) => d1 == d2 && self.identical(*x, *y),
            (TypeData::Func(s1), TypeData::Func(s2)) => self.identical_sigs(s1, s2),
            (TypeData::Struct(f1), TypeData::Struct(f2)) => {
                f1.len() == f2.len()
                    && f1.iter().zip(f2).all(|(x, y)| {
                        x.name == y.name
                            && x.embedded == y.embedded
                            && x.tag == y.tag
                            && self.identical(x.typ, y.typ)
                    })
            }
            (TypeData::Interface(i1), TypeData::Interface(i2)) => {
                i1.has_terms == i2.has_terms
                    && i1.all_methods.len() == i2.all_methods.len()
                    && i1
                        .all_methods
                        .iter()
                        .zip(&i2.all_methods)
                        .all(|(x, y)| x.name == y.name && self.identical(x.sig, y.sig))
            }
            (TypeData::Tuple(x), TypeData::Tuple(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| self.identical(*a, *b))
            }
            _ => false,
        }
    }

    fn identical_sigs(&self, s1: &Signature, s2: &Signature) -> bool {
        s1.variadic == s2.variadic
            && s1.params.len() == s2.params.len()
            && s1.results.len() == s2.results.len()
            && s1
                .params
                .iter()
                .zip(s2.params.iter())
                .all(|(a, b)| self.identical(a.1, b.1))
            && s1
                .results
                .iter()
                .zip(s2.results.iter())
                .all(|(a, b)| self.identical(a.1, b.1))
    }

    /// Resolves predeclared aliases (`any`) to what they stand for.
    pub fn unalias(&self, t: TypeId) -> TypeId {
        match self.get(t) {
            TypeData::Named(n) if n.alias => n.underlying,
            _ => t,
        }
    }

    /// Go's comparability (`==` allowed): not slices, maps, funcs, nor structs/arrays of them.
    pub fn comparable(&self, t: TypeId) -> bool {
        self.incomparable_part(t).is_none()
    }

    /// Why `t` is not comparable: the offending type, if any.
    pub fn incomparable_part(&self, t: TypeId) -> Option<TypeId> {
        match self.under(t) {
            TypeData::Slice(_) | TypeData::Map(..) | TypeData::Func(_) => Some(t),
            TypeData::Struct(fields) => fields.iter().find_map(|f| self.incomparable_part(f.typ)),
            TypeData::Array(_, e) => self.incomparable_part(*e),
            TypeData::Basic(BasicKind::UntypedNil) => Some(t),
            _ => None,
        }
    }

    /// Whether values of type `t` may be `nil`.
    pub fn has_nil(&self, t: TypeId) -> bool {
        matches!(
            self.under(t),
            TypeData::Pointer(_)
                | TypeData::Slice(_)
                | TypeData::Map(..)
                | TypeData::Chan(..)
                | TypeData::Func(_)
                | TypeData::Interface(_)
                | TypeData::Basic(BasicKind::UntypedNil)
        )
    }

    /// Go's printed form of a type, qualified relative to package `main` (`T`, `strings.Builder`).
    pub fn type_string(&self, t: TypeId) -> String {
        let mut s = String::new();
        self.write_type(&mut s, t, 0);
        s
    }

    /// Go's printed form at run time (`%T`): every named type qualified (`main.T`).
    pub fn runtime_type_string(&self, t: TypeId) -> String {
        let mut s = String::new();
        self.write_type(&mut s, t, RUNTIME_NAMES);
        s
    }

    fn write_type(&self, s: &mut String, t: TypeId, flags: u32) {
        match self.get(t) {
            TypeData::Basic(k) => {
                s.push_str(if flags & RUNTIME_NAMES != 0 && *k == BasicKind::Uint8 {
                    "uint8"
                } else {
                    k.name()
                })
            }
            TypeData::Named(n) => {
                if flags & RUNTIME_NAMES != 0 && n.alias {
                    return self.write_type(s, n.underlying, flags);
                }
                match &n.pkg {
                    Some(p) if p != "main" || flags & RUNTIME_NAMES != 0 => {
                        s.push_str(p.rsplit('/').next().unwrap_or(p));
                        s.push('.');
                    }
                    _ => {}
                }
                s.push_str(&n.name);
                self.write_targs(s, &n.targs, n.outer_targs, flags);
            }
            TypeData::TypeParam(p) => s.push_str(&p.name),
            TypeData::Pointer(e) => {
                s.push('*');
                self.write_type(s, *e, flags);
            }
            TypeData::Slice(e) => {
                s.push_str("[]");
                self.write_type(s, *e, flags);
            }
            TypeData::Array(n, e) => {
                let _ = write!(s, "[{n}]");
                self.write_type(s, *e, flags);
            }
            TypeData::Map(k, v) => {
                s.push_str("map[");
                self.write_type(s, *k, flags);
                s.push(']');
                self.write_type(s, *v, flags);
            }
            TypeData::Chan(d, e) => {
                s.push_str(match d {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                });
                let paren =
                    *d == ChanDir::Both && matches!(self.get(*e), TypeData::Chan(ChanDir::Recv, _));
                if paren {
                    s.push('(');
                }
                self.write_type(s, *e, flags);
                if paren {
                    s.push(')');
                }
            }
            TypeData::Func(sig) => {
                s.push_str("func");
                self.write_signature(s, sig, flags);
            }
            TypeData::Struct(fields) => self.write_struct(s, fields, flags),
            TypeData::Interface(i) => self.write_interface(s, i, flags),
            TypeData::Tuple(ts) => {
                s.push('(');
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.write_type(s, *t, flags);
                }
                s.push(')');
            }
        }
    }

    /// `[int, string]` in diagnostics, `[int,string]` at run time; the first `outer` are the
    /// enclosing function instance's, separated from the type's own by `;`.
    fn write_targs(&self, s: &mut String, targs: &[TypeId], outer: usize, flags: u32) {
        if targs.is_empty() {
            return;
        }
        s.push('[');
        for (i, t) in targs.iter().enumerate() {
            if i > 0 && i == outer {
                s.push(';');
            } else if i > 0 {
                s.push_str(if flags & RUNTIME_NAMES != 0 {
                    ","
                } else {
                    ", "
                });
            }
            self.write_type(s, *t, flags);
        }
        s.push(']');
    }

    fn write_struct(&self, s: &mut String, fields: &[FieldInfo], flags: u32) {
        let runtime = flags & RUNTIME_NAMES != 0;
        if runtime && fields.is_empty() {
            s.push_str("struct {}");
            return;
        }
        s.push_str(if runtime { "struct { " } else { "struct{" });
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            if !f.embedded {
                s.push_str(&f.name);
                s.push(' ');
            }
            self.write_type(s, f.typ, flags);
            if let Some(tag) = &f.tag {
                let _ = write!(s, " {}", quote_bytes(tag));
            }
        }
        s.push_str(if runtime { " }" } else { "}" });
    }

    fn write_interface(&self, s: &mut String, i: &InterfaceInfo, flags: u32) {
        if flags & RUNTIME_NAMES != 0 && i.all_methods.is_empty() {
            s.push_str("interface {}");
            return;
        }
        s.push_str(if flags & RUNTIME_NAMES != 0 {
            "interface { "
        } else {
            "interface{"
        });
        let mut first = true;
        for e in &i.embedded {
            if !first {
                s.push_str("; ");
            }
            first = false;
            self.write_type(s, *e, flags);
        }
        for m in &i.methods {
            if !first {
                s.push_str("; ");
            }
            first = false;
            s.push_str(&m.name);
            if let TypeData::Func(sig) = self.get(m.sig) {
                self.write_signature(s, sig, flags);
            }
        }
        s.push_str(if flags & RUNTIME_NAMES != 0 {
            " }"
        } else {
            "}"
        });
    }

    /// `(a int, b ...string) (n int, err error)` — names are printed when the signature has them.
    pub fn write_signature(&self, s: &mut String, sig: &Signature, flags: u32) {
        s.push('(');
        self.write_params(s, &sig.params, sig.variadic, flags);
        s.push(')');
        match sig.results.len() {
            0 => {}
            1 if sig.results[0].0.is_empty() => {
                s.push(' ');
                self.write_type(s, sig.results[0].1, flags);
            }
            _ => {
                s.push_str(" (");
                self.write_params(s, &sig.results, false, flags);
                s.push(')');
            }
        }
    }

    fn write_params(
        &self,
        s: &mut String,
        params: &[(String, TypeId)],
        variadic: bool,
        flags: u32,
    ) {
        let named = flags & RUNTIME_NAMES == 0 && params.iter().any(|p| !p.0.is_empty());
        for (i, (name, t)) in params.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            if named {
                s.push_str(if name.is_empty() { "_" } else { name });
                s.push(' ');
            }
            if variadic && i == params.len() - 1 {
                s.push_str("...");
                match self.get(*t) {
                    TypeData::Slice(e) => self.write_type(s, *e, flags),
                    _ => self.write_type(s, *t, flags),
                }
            } else {
                self.write_type(s, *t, flags);
            }
        }
    }

    /// The kind word Go puts before a named type in operand descriptions
    /// (`variable of struct type S`, `variable of int type I`); empty when none applies.
    pub fn kind_word(&self, t: TypeId) -> &'static str {
        match self.get(t) {
            TypeData::Named(n) if n.alias && n.name == "any" => "interface",
            TypeData::Named(n) if n.alias => "",
            TypeData::Named(_) => match self.under(t) {
                TypeData::Basic(k) => k.name(),
                TypeData::Pointer(_) => "pointer",
                TypeData::Slice(_) => "slice",
                TypeData::Array(..) => "array",
                TypeData::Map(..) => "map",
                TypeData::Chan(..) => "chan",
                TypeData::Func(_) => "func",
                TypeData::Struct(_) => "struct",
                TypeData::Interface(_) => "interface",
                _ => "",
            },
            _ => "",
        }
    }
}

const RUNTIME_NAMES: u32 = 1;

/// Go's `strconv.Quote` of a byte string (used for struct tags in type strings).
pub fn quote_bytes(b: &[u8]) -> String {
    let mut s = String::from("\"");
    let text = String::from_utf8_lossy(b);
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(s, "\\x{:02x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}
