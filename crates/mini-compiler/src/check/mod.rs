//! The type checker: Go's typing rules over the AST, recording a type (and constant value) for
//! every expression and reporting Go 1.27's diagnostics in the order Go reports them.
//!
//! Order matters because Go prints only the first ten errors it *reports*: package-level
//! declarations are checked first (in source order, each one on demand when another refers to
//! it), then function bodies in source order (unused variables at the end of each body), then
//! unused imports.

mod assign;
mod builtins;
mod call;
mod composite;
mod decl;
mod expr;
mod exprstr;
mod generic;
mod goto;
mod infer;
mod lookup;
mod operand;
mod scope;
mod stdlib;
pub use stdlib::is_standard_package;
mod stmt;
mod typeset;
mod typexpr;

use hashbrown::HashMap;
use std::sync::Arc;

use crate::ast::{self, ExprId, Pos};
use crate::constant::Value;
use crate::diag::{Diagnostic, LineIndex};
use crate::types::{TypeId, TypeTable, INVALID};

pub use generic::InstanceInfo;
pub use lookup::Selection;
pub use operand::{Mode, Operand};
pub use scope::{Builtin, ObjId, ObjKind, Object, ScopeId};

/// What the checker learned about one expression.
#[derive(Clone, Debug)]
pub struct ExprInfo {
    pub mode: Mode,
    pub typ: TypeId,
    /// Boxed: few expressions are constants, and a constant is several words.
    pub val: Option<Box<Value>>,
}

/// The result of checking a program: the type table, the objects, and per-expression facts.
pub struct Info {
    /// Shared by the views of the standard packages and instances (`package_view`).
    pub types: Arc<TypeTable>,
    pub objects: Arc<[Object]>,
    /// Indexed by `ExprId`.
    pub exprs: Vec<Option<ExprInfo>>,
    /// The object an identifier expression refers to.
    pub uses: HashMap<ExprId, ObjId>,
    /// The object a declaring identifier introduces, by the identifier's position.
    pub defs: HashMap<Pos, ObjId>,
    /// What each field or method selector `x.f` selects.
    pub selections: HashMap<ExprId, Selection>,
    /// The variable a type switch's `v :=` declares in each clause, by the clause's position.
    pub implicits: HashMap<Pos, ObjId>,
    /// The standard packages the program loaded, with their own side tables (their function
    /// bodies, written in Go, are compiled with the program).
    pub packages: Vec<PackageInfo>,
    /// The instances of generic functions and methods, each with its own side tables.
    pub instances: Vec<InstanceInfo>,
}

impl Info {
    /// The type of variable `obj` (`None` for other objects).
    pub fn var_type(&self, obj: ObjId) -> Option<TypeId> {
        match self.objects[obj.0 as usize].kind {
            ObjKind::Var { typ, .. } => Some(typ),
            _ => None,
        }
    }

    /// This compilation's types and objects with package `p`'s side tables.
    pub fn package_view(&self, p: &PackageInfo) -> Info {
        Info {
            types: self.types.clone(),
            objects: self.objects.clone(),
            exprs: p.tables.exprs.clone(),
            uses: p.tables.uses.clone(),
            defs: p.tables.defs.clone(),
            selections: p.tables.selections.clone(),
            implicits: p.tables.implicits.clone(),
            packages: Vec::new(),
            instances: Vec::new(),
        }
    }

    /// This compilation's types and objects with the side tables of instance `i`.
    pub fn instance_view(&self, i: &InstanceInfo) -> Info {
        Info {
            types: self.types.clone(),
            objects: self.objects.clone(),
            exprs: i.tables.exprs.clone(),
            uses: i.tables.uses.clone(),
            defs: i.tables.defs.clone(),
            selections: i.tables.selections.clone(),
            implicits: i.tables.implicits.clone(),
            packages: Vec::new(),
            instances: Vec::new(),
        }
    }
}

/// A standard package's declaration file and what the checker learned about it (expression
/// ids and positions are the file's own).
pub struct PackageInfo {
    pub path: String,
    pub file: std::sync::Arc<ast::File>,
    pub tables: SideTables,
    /// Declared by the host (`Options::packages`): its bodiless functions are host functions.
    pub host: bool,
}

/// The per-file tables of `Info`.
#[derive(Default)]
pub struct SideTables {
    pub exprs: Vec<Option<ExprInfo>>,
    pub uses: HashMap<ExprId, ObjId>,
    pub defs: HashMap<Pos, ObjId>,
    pub selections: HashMap<ExprId, Selection>,
    pub implicits: HashMap<Pos, ObjId>,
}

/// Type-checks the main package in `file`; `path` and `src` are used for the positions Go
/// prints inside messages (`other declaration of x`).
pub fn check_file(path: &str, src: &str, file: &ast::File) -> Result<Info, Vec<Diagnostic>> {
    check_file_with(path, src, file, &Options::default())
}

/// What a host program adds to a check: packages declared by Go source of its own (parsed
/// declaration files, checked like the standard packages), and whether package `main` may
/// lack `func main` (a library of functions the host calls).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Import path → parsed declaration file.
    pub packages: Vec<(String, std::sync::Arc<ast::File>)>,
    pub main_optional: bool,
}

/// [`check_file`] with a host's `options`.
pub fn check_file_with(
    path: &str,
    src: &str,
    file: &ast::File,
    options: &Options,
) -> Result<Info, Vec<Diagnostic>> {
    let mut c = Checker::new(file.expr_count);
    c.host_packages = &options.packages;
    c.main_optional = options.main_optional;
    c.path = crate::diag::display_path(path);
    c.lines = LineIndex::new(src);
    c.check_main(file);
    if c.errors.is_empty() {
        Ok(c.into_info())
    } else {
        Err(c.errors)
    }
}

/// The state of the type checker for one program.
pub struct Checker<'a> {
    pub(crate) types: TypeTable,
    pub(crate) objects: Vec<Object>,
    pub(crate) scopes: Vec<scope::Scope>,
    pub(crate) universe: ScopeId,
    pub(crate) exprs: Vec<Option<ExprInfo>>,
    pub(crate) uses: HashMap<ExprId, ObjId>,
    pub(crate) defs: HashMap<Pos, ObjId>,
    pub(crate) selections: HashMap<ExprId, Selection>,
    pub(crate) implicits: HashMap<Pos, ObjId>,
    pub(crate) package_infos: Vec<PackageInfo>,
    pub(crate) errors: Vec<Diagnostic>,
    /// The package being checked (`main`, or a standard package while loading its declarations).
    pub(crate) pkg: String,
    /// Standard packages loaded so far: path → package scope.
    pub(crate) packages: HashMap<String, ScopeId>,
    /// Package-level declarations not yet checked, and the ones being checked (cycle detection).
    pub(crate) pending: HashMap<ObjId, decl::PendingDecl<'a>>,
    pub(crate) decl_path: Vec<ObjId>,
    /// The function whose body is being checked, innermost last.
    pub(crate) funcs: Vec<stmt::FuncCtx>,
    /// Function bodies to check after all package-level declarations.
    pub(crate) delayed: Vec<decl::DelayedBody<'a>>,
    /// `iota` while checking a constant declaration.
    pub(crate) iota: Option<u64>,
    /// The file scope of the package being checked (imports), child of its package scope.
    pub(crate) file_scope: ScopeId,
    /// Map key types to check once the named types they use are complete.
    pub(crate) pending_key_checks: Vec<(TypeId, u32)>,
    /// Whether an import was given an explicit name (for `imported as x and not used`).
    pub(crate) import_alias: HashMap<ObjId, bool>,
    /// Report errors found in standard package declarations too (for their own test).
    pub(crate) report_std_errors: bool,
    /// The path as printed in messages and the file's line index.
    pub(crate) path: String,
    pub(crate) lines: LineIndex,
    /// While checking an inherited constant expression, Go reports every error at the
    /// constant's name (the expression belongs to an earlier spec).
    pub(crate) errpos: Option<Pos>,
    /// Generic functions and types, by object.
    pub(crate) generics: HashMap<ObjId, generic::GenericDecl<'a>>,
    /// Instances whose bodies are still to be checked, and their side tables.
    pub(crate) instance_queue: Vec<generic::PendingInstance<'a>>,
    pub(crate) instance_tables: HashMap<ObjId, SideTables>,
    pub(crate) instance_infos: Vec<InstanceInfo>,
    /// The generic type each instantiated named type comes from.
    pub(crate) named_origin: HashMap<TypeId, ObjId>,
    /// Checking a type constraint (where `comparable` and type terms are allowed).
    pub(crate) in_constraint: bool,
    /// Checking a generic declaration itself (its type arguments may be type parameters).
    pub(crate) generic_body: bool,
    /// A generic type name may appear uninstantiated (before its type arguments).
    pub(crate) allow_generic_type: bool,
    /// Checking (part of) an instance.
    pub(crate) in_instance: bool,
    /// Packages a host declares (`check::Options::packages`).
    pub(crate) host_packages: &'a [(String, std::sync::Arc<ast::File>)],
    /// `func main` may be missing (`check::Options::main_optional`).
    pub(crate) main_optional: bool,
    /// Generic functions passed as call arguments, by the argument's position: the function
    /// and the argument expression, instantiated for the parameter's type.
    pub(crate) generic_args: HashMap<u32, (ObjId, ExprId)>,
    /// Checking a generic body with its type parameters: only unused variables are reported
    /// (operations on type parameters are checked in each instance).
    pub(crate) lenient: bool,
    /// How many instantiations are in progress, one inside another.
    pub(crate) instantiating: u32,
    /// The type arguments of the instance whose body is being checked (types declared in it
    /// print with them, as Go's `main.local[int]`).
    pub(crate) instance_targs: Vec<TypeId>,
    /// Generic declarations (by position) whose own body check reported errors.
    pub(crate) broken_generics: hashbrown::HashSet<Pos>,
}

impl<'a> Checker<'a> {
    fn new(expr_count: u32) -> Checker<'a> {
        let mut c = Checker {
            types: TypeTable::new(),
            objects: Vec::new(),
            scopes: Vec::new(),
            universe: ScopeId(0),
            exprs: vec![None; expr_count as usize],
            uses: HashMap::new(),
            defs: HashMap::new(),
            selections: HashMap::new(),
            implicits: HashMap::new(),
            package_infos: Vec::new(),
            errors: Vec::new(),
            pkg: "main".into(),
            packages: HashMap::new(),
            pending: HashMap::new(),
            decl_path: Vec::new(),
            funcs: Vec::new(),
            delayed: Vec::new(),
            iota: None,
            file_scope: ScopeId(0),
            pending_key_checks: Vec::new(),
            import_alias: HashMap::new(),
            report_std_errors: false,
            path: String::new(),
            lines: LineIndex::new(""),
            errpos: None,
            generics: HashMap::new(),
            instance_queue: Vec::new(),
            instance_tables: HashMap::new(),
            instance_infos: Vec::new(),
            named_origin: HashMap::new(),
            in_constraint: false,
            generic_body: false,
            allow_generic_type: false,
            in_instance: false,
            host_packages: &[],
            main_optional: false,
            generic_args: HashMap::new(),
            lenient: false,
            instantiating: 0,
            instance_targs: Vec::new(),
            broken_generics: hashbrown::HashSet::new(),
        };
        c.universe = c.new_scope(None);
        c.declare_universe();
        c
    }

    fn into_info(self) -> Info {
        Info {
            types: Arc::new(self.types),
            objects: self.objects.into(),
            exprs: self.exprs,
            uses: self.uses,
            defs: self.defs,
            selections: self.selections,
            implicits: self.implicits,
            packages: self.package_infos,
            instances: self.instance_infos,
        }
    }

    /// Reports an error at `pos`.
    pub(crate) fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        if self.pkg != "main" && !self.report_std_errors {
            return;
        }
        let msg = msg.into();
        if self.lenient && !msg.starts_with("declared and not used") {
            return;
        }
        let pos = self.errpos.unwrap_or(pos);
        let d = Diagnostic::new(pos, msg);
        // An instance's body is checked once per instantiation.
        if !self.in_instance || !self.errors.contains(&d) {
            self.errors.push(d);
        }
    }

    /// Reports an error about type parameters found while checking a generic body itself.
    pub(crate) fn error_in_generic(&mut self, pos: Pos, msg: impl Into<String>) {
        let saved = std::mem::replace(&mut self.lenient, false);
        self.error(pos, msg);
        self.lenient = saved;
    }

    /// Records what was learned about an expression.
    pub(crate) fn record(&mut self, e: &ast::Expr, x: &Operand) {
        let i = e.id.0 as usize;
        if i >= self.exprs.len() {
            return;
        }
        self.exprs[i] = Some(ExprInfo {
            mode: x.mode,
            typ: x.typ,
            val: x.val.clone().map(Box::new),
        });
    }

    pub(crate) fn type_str(&self, t: TypeId) -> String {
        self.types.type_string(t)
    }

    /// Line and column of `pos` in the file being checked.
    pub(crate) fn line_col(&self, pos: Pos) -> (u32, u32) {
        self.lines.line_col(pos)
    }

    /// The path Go prints in positions inside messages.
    pub(crate) fn path_for_messages(&self) -> String {
        self.path.clone()
    }

    pub(crate) fn is_invalid(&self, t: TypeId) -> bool {
        t == INVALID || self.types.is_invalid(t)
    }
}
