//! Objects (what a name denotes), scopes, and the universe of predeclared names.

use hashbrown::HashMap;

use super::Checker;
use crate::ast::Pos;
use crate::constant::Value;
use crate::types::{BasicKind, TypeId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScopeId(pub u32);

/// The predeclared functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Append,
    Cap,
    Clear,
    Close,
    Complex,
    Copy,
    Delete,
    Imag,
    Len,
    Make,
    Max,
    Min,
    New,
    Panic,
    Print,
    Println,
    Real,
    Recover,
}

impl Builtin {
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Append => "append",
            Builtin::Cap => "cap",
            Builtin::Clear => "clear",
            Builtin::Close => "close",
            Builtin::Complex => "complex",
            Builtin::Copy => "copy",
            Builtin::Delete => "delete",
            Builtin::Imag => "imag",
            Builtin::Len => "len",
            Builtin::Make => "make",
            Builtin::Max => "max",
            Builtin::Min => "min",
            Builtin::New => "new",
            Builtin::Panic => "panic",
            Builtin::Print => "print",
            Builtin::Println => "println",
            Builtin::Real => "real",
            Builtin::Recover => "recover",
        }
    }

    const ALL: [Builtin; 18] = [
        Builtin::Append,
        Builtin::Cap,
        Builtin::Clear,
        Builtin::Close,
        Builtin::Complex,
        Builtin::Copy,
        Builtin::Delete,
        Builtin::Imag,
        Builtin::Len,
        Builtin::Make,
        Builtin::Max,
        Builtin::Min,
        Builtin::New,
        Builtin::Panic,
        Builtin::Print,
        Builtin::Println,
        Builtin::Real,
        Builtin::Recover,
    ];
}

#[derive(Clone, Debug)]
pub enum ObjKind {
    /// A variable; `used` tracks Go's "declared and not used".
    Var {
        typ: TypeId,
        used: bool,
        /// Declared at package level.
        global: bool,
        /// A parameter or result (never reported as unused).
        param: bool,
    },
    Const {
        typ: TypeId,
        val: Value,
    },
    TypeName {
        typ: TypeId,
    },
    Func {
        sig: TypeId,
        /// The receiver base type for methods.
        recv: Option<TypeId>,
        /// Declared by a standard package and implemented natively by the VM.
        native: bool,
    },
    Package {
        path: String,
        scope: ScopeId,
        used: bool,
    },
    Builtin(Builtin),
    Nil,
    Label {
        used: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Object {
    pub name: String,
    pub pos: Pos,
    /// The package that declares it (`None` for the universe).
    pub pkg: Option<String>,
    pub kind: ObjKind,
}

pub struct Scope {
    pub parent: Option<ScopeId>,
    pub names: HashMap<String, ObjId>,
    /// Declaration order, for reporting unused variables in a stable order.
    pub order: Vec<ObjId>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new_scope(&mut self, parent: Option<ScopeId>) -> ScopeId {
        self.scopes.push(Scope {
            parent,
            names: HashMap::new(),
            order: Vec::new(),
        });
        ScopeId(self.scopes.len() as u32 - 1)
    }

    pub(crate) fn new_object(&mut self, name: &str, pos: Pos, kind: ObjKind) -> ObjId {
        let pkg = Some(self.pkg.clone());
        self.objects.push(Object {
            name: name.to_string(),
            pos,
            pkg,
            kind,
        });
        ObjId(self.objects.len() as u32 - 1)
    }

    pub(crate) fn obj(&self, id: ObjId) -> &Object {
        &self.objects[id.0 as usize]
    }

    pub(crate) fn obj_mut(&mut self, id: ObjId) -> &mut Object {
        &mut self.objects[id.0 as usize]
    }

    /// Declares `obj` in `scope`; on a clash reports Go's redeclaration error and returns false.
    pub(crate) fn declare(&mut self, scope: ScopeId, obj: ObjId) -> bool {
        let name = self.obj(obj).name.clone();
        if name == "_" {
            return true;
        }
        if let Some(&prev) = self.scopes[scope.0 as usize].names.get(&name) {
            let pos = self.obj(obj).pos;
            let prev_pos = self.obj(prev).pos;
            let msg = if self.obj(prev).pkg.as_deref() == Some(self.pkg.as_str()) {
                let (line, col) = self.line_col(prev_pos);
                format!("{name} redeclared in this block\n\t{}:{line}:{col}: other declaration of {name}", self.path_for_messages())
            } else {
                format!("{name} redeclared in this block")
            };
            self.error(pos, msg);
            // The redeclaration is not in scope, so Go never reports it as unused.
            if let ObjKind::Var { used, .. } = &mut self.obj_mut(obj).kind {
                *used = true;
            }
            return false;
        }
        let s = &mut self.scopes[scope.0 as usize];
        s.names.insert(name, obj);
        s.order.push(obj);
        true
    }

    /// Finds `name` starting at `scope` and walking outwards.
    pub(crate) fn lookup(&self, scope: ScopeId, name: &str) -> Option<ObjId> {
        let mut s = Some(scope);
        while let Some(id) = s {
            let sc = &self.scopes[id.0 as usize];
            if let Some(&o) = sc.names.get(name) {
                return Some(o);
            }
            s = sc.parent;
        }
        None
    }

    /// Finds `name` in `scope` only.
    pub(crate) fn lookup_local(&self, scope: ScopeId, name: &str) -> Option<ObjId> {
        self.scopes[scope.0 as usize].names.get(name).copied()
    }

    fn declare_universe_obj(&mut self, name: &str, kind: ObjKind) {
        let id = self.new_object(name, 0, kind);
        self.objects[id.0 as usize].pkg = None;
        let u = self.universe;
        let s = &mut self.scopes[u.0 as usize];
        s.names.insert(name.to_string(), id);
    }

    pub(crate) fn declare_universe(&mut self) {
        use BasicKind::*;
        let basics = [
            ("bool", Bool),
            ("int", Int),
            ("int8", Int8),
            ("int16", Int16),
            ("int32", Int32),
            ("int64", Int64),
            ("uint", Uint),
            ("uint8", Uint8),
            ("uint16", Uint16),
            ("uint32", Uint32),
            ("uint64", Uint64),
            ("uintptr", Uintptr),
            ("float32", Float32),
            ("float64", Float64),
            ("string", String),
        ];
        for (name, k) in basics {
            let typ = self.types.basic(k);
            self.declare_universe_obj(name, ObjKind::TypeName { typ });
        }
        let byte = self.types.byte;
        let rune = self.types.rune;
        self.declare_universe_obj("byte", ObjKind::TypeName { typ: byte });
        self.declare_universe_obj("rune", ObjKind::TypeName { typ: rune });
        let any = self.types.any;
        let error = self.types.error;
        self.declare_universe_obj("any", ObjKind::TypeName { typ: any });
        self.declare_universe_obj("error", ObjKind::TypeName { typ: error });
        let ub = self.types.basic(UntypedBool);
        self.declare_universe_obj(
            "true",
            ObjKind::Const {
                typ: ub,
                val: Value::Bool(true),
            },
        );
        self.declare_universe_obj(
            "false",
            ObjKind::Const {
                typ: ub,
                val: Value::Bool(false),
            },
        );
        let ui = self.types.basic(UntypedInt);
        self.declare_universe_obj(
            "iota",
            ObjKind::Const {
                typ: ui,
                val: Value::Int(0.into()),
            },
        );
        self.declare_universe_obj("nil", ObjKind::Nil);
        for b in Builtin::ALL {
            self.declare_universe_obj(b.name(), ObjKind::Builtin(b));
        }
        self.declare_comparable();
    }

    fn declare_comparable(&mut self) {
        let iface = self.types.add(crate::types::TypeData::Interface(
            crate::types::InterfaceInfo {
                methods: vec![],
                embedded: vec![],
                all_methods: vec![],
                has_terms: true,
                unions: vec![],
            },
        ));
        let typ = self
            .types
            .add(crate::types::TypeData::Named(crate::types::NamedInfo {
                name: "comparable".into(),
                pkg: None,
                underlying: iface,
                methods: vec![],
                alias: false,
                targs: vec![],
                outer_targs: 0,
            }));
        self.types.comparable = typ;
        self.declare_universe_obj("comparable", ObjKind::TypeName { typ });
    }
}
