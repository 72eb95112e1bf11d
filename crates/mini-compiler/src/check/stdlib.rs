//! The standard packages Mini provides: Go source in `stdlib/*.mini`, parsed once and checked
//! like any package, so their signatures print in diagnostics exactly as Go's do. A function
//! without a body is native (the VM implements it); one with a body is compiled with the
//! program that uses it.

use std::sync::{Arc, OnceLock};

use super::scope::ScopeId;
use super::Checker;
use crate::ast;

/// Import path → declaration source.
const PACKAGES: &[(&str, &str)] = &[
    ("cmp", include_str!("stdlib/cmp.mini")),
    ("errors", include_str!("stdlib/errors.mini")),
    ("fmt", include_str!("stdlib/fmt.mini")),
    ("io", include_str!("stdlib/io.mini")),
    ("iter", include_str!("stdlib/iter.mini")),
    ("maps", include_str!("stdlib/maps.mini")),
    ("math", include_str!("stdlib/math.mini")),
    ("os", include_str!("stdlib/os.mini")),
    ("runtime", include_str!("stdlib/runtime.mini")),
    ("runtime/debug", include_str!("stdlib/debug.mini")),
    ("slices", include_str!("stdlib/slices.mini")),
    ("sort", include_str!("stdlib/sort.mini")),
    ("strconv", include_str!("stdlib/strconv.mini")),
    ("strings", include_str!("stdlib/strings.mini")),
    ("sync", include_str!("stdlib/sync.mini")),
    ("sync/atomic", include_str!("stdlib/atomic.mini")),
    ("time", include_str!("stdlib/time.mini")),
    ("unicode", include_str!("stdlib/unicode.mini")),
    ("unicode/utf8", include_str!("stdlib/utf8.mini")),
];

/// Where Go declares the generic functions of the standard packages Mini writes in Go
/// (package, function, file, line): Go's `cannot infer T (declared at …)` names them. The
/// declarations' first lines are Go's, so columns are the same.
const GO_DECLARATIONS: &[(&str, &str, &str, u32)] = &[
    ("cmp", "Less", "cmp.go", 28),
    ("cmp", "Compare", "cmp.go", 40),
    ("cmp", "Or", "cmp.go", 69),
    ("slices", "Sort", "sort.go", 16),
    ("slices", "SortFunc", "sort.go", 30),
    ("slices", "SortStableFunc", "sort.go", 37),
    ("slices", "IsSorted", "sort.go", 42),
    ("slices", "IsSortedFunc", "sort.go", 53),
    ("slices", "Min", "sort.go", 65),
    ("slices", "MinFunc", "sort.go", 79),
    ("slices", "Max", "sort.go", 95),
    ("slices", "MaxFunc", "sort.go", 109),
    ("slices", "BinarySearch", "sort.go", 126),
    ("slices", "BinarySearchFunc", "sort.go", 152),
    ("slices", "Equal", "slices.go", 20),
    ("slices", "EqualFunc", "slices.go", 37),
    ("slices", "Compare", "slices.go", 57),
    ("slices", "Index", "slices.go", 96),
    ("slices", "IndexFunc", "slices.go", 107),
    ("slices", "Contains", "slices.go", 117),
    ("slices", "ContainsFunc", "slices.go", 124),
    ("slices", "Insert", "slices.go", 136),
    ("slices", "Delete", "slices.go", 224),
    ("slices", "DeleteFunc", "slices.go", 241),
    ("slices", "Replace", "slices.go", 262),
    ("slices", "Compact", "slices.go", 371),
    ("slices", "CompactFunc", "slices.go", 396),
    ("slices", "Clone", "slices.go", 355),
    ("slices", "Grow", "slices.go", 422),
    ("slices", "Clip", "slices.go", 435),
    ("slices", "Reverse", "slices.go", 483),
    ("slices", "Concat", "slices.go", 491),
    ("slices", "Repeat", "slices.go", 514),
    ("slices", "All", "iter.go", 14),
    ("slices", "Backward", "iter.go", 26),
    ("slices", "Values", "iter.go", 37),
    ("slices", "AppendSeq", "iter.go", 50),
    ("slices", "Collect", "iter.go", 59),
    ("slices", "Sorted", "iter.go", 66),
    ("slices", "SortedFunc", "iter.go", 75),
    ("slices", "Chunk", "iter.go", 97),
    ("maps", "Equal", "maps.go", 17),
    ("maps", "EqualFunc", "maps.go", 31),
    ("maps", "Clone", "maps.go", 50),
    ("maps", "Copy", "maps.go", 62),
    ("maps", "DeleteFunc", "maps.go", 69),
    ("maps", "All", "iter.go", 12),
    ("maps", "Keys", "iter.go", 25),
    ("maps", "Values", "iter.go", 38),
    ("maps", "Insert", "iter.go", 50),
    ("maps", "Collect", "iter.go", 58),
];

/// `$GOROOT/src/slices/sort.go:95:10`: where Go declares the type parameter at `pos` of
/// function `func` of standard package `path`.
pub(crate) fn go_position(path: &str, func: &str, pos: u32) -> String {
    let src = PACKAGES
        .iter()
        .find(|(p, _)| *p == path)
        .map_or("", |(_, s)| s);
    let (line, col) = crate::diag::LineIndex::new(src).line_col(pos);
    let base = path.rsplit('/').next().unwrap_or(path);
    match GO_DECLARATIONS
        .iter()
        .find(|(p, f, _, _)| *p == path && *f == func)
    {
        Some((_, _, file, go_line)) => format!("$GOROOT/src/{path}/{file}:{go_line}:{col}"),
        None => format!("$GOROOT/src/{path}/{base}.go:{line}:{col}"),
    }
}

/// The parsed declaration file of standard package `path` (`None` if there is no such
/// package; `Some(None)` if its file does not parse). Each file is parsed on its first
/// import and shared by every later compilation: a program pays only for what it imports.
fn parsed(path: &str) -> Option<&'static Option<Arc<ast::File>>> {
    static FILES: [OnceLock<Option<Arc<ast::File>>>; PACKAGES.len()] =
        [const { OnceLock::new() }; PACKAGES.len()];
    let i = PACKAGES.iter().position(|(p, _)| *p == path)?;
    Some(FILES[i].get_or_init(|| crate::parser::parse_file(PACKAGES[i].1).ok().map(Arc::new)))
}

/// Whether `path` names a standard package (a host may not declare one of its own there).
pub fn is_standard_package(path: &str) -> bool {
    PACKAGES.iter().any(|(p, _)| *p == path)
}

/// Import paths of the standard packages Mini provides.
#[cfg(test)]
fn package_paths() -> impl Iterator<Item = &'static str> {
    PACKAGES.iter().map(|(p, _)| *p)
}

impl<'a> Checker<'a> {
    /// The scope of standard package `path`, checking its declarations on first import.
    pub(crate) fn load_package(&mut self, path: &str) -> Option<ScopeId> {
        if let Some(&s) = self.packages.get(path) {
            return Some(s);
        }
        let (file, host): (&'a Arc<ast::File>, bool) = match parsed(path) {
            Some(file) => (file.as_ref()?, false),
            None => (&self.host_packages.iter().find(|(p, _)| p == path)?.1, true),
        };
        let shared = Arc::clone(file);
        let file: &'a ast::File = file;
        let saved_pkg = std::mem::replace(&mut self.pkg, path.to_string());
        let saved_file_scope = self.file_scope;
        let saved_delayed = std::mem::take(&mut self.delayed);
        let saved_keys = std::mem::take(&mut self.pending_key_checks);
        // Expression ids and positions of a declaration file mean nothing in the main file's
        // side tables: the package gets tables of its own.
        let package_tables = super::SideTables {
            exprs: vec![None; file.expr_count as usize],
            ..super::SideTables::default()
        };
        let saved_tables = self.swap_tables(package_tables);
        let pkg_scope = self.new_scope(Some(self.universe));
        self.packages.insert(path.to_string(), pkg_scope);
        let file_scope = self.new_scope(Some(pkg_scope));
        self.file_scope = file_scope;
        self.import_std(file, file_scope);
        self.check_package(file, pkg_scope, file_scope);
        self.pkg = saved_pkg;
        self.file_scope = saved_file_scope;
        self.delayed = saved_delayed;
        self.pending_key_checks = saved_keys;
        let tables = self.swap_tables(saved_tables);
        self.package_infos.push(super::PackageInfo {
            path: path.to_string(),
            file: shared,
            tables,
            host,
        });
        Some(pkg_scope)
    }

    /// Installs `tables` as the side tables being filled; returns the previous ones.
    pub(crate) fn swap_tables(&mut self, tables: super::SideTables) -> super::SideTables {
        super::SideTables {
            exprs: std::mem::replace(&mut self.exprs, tables.exprs),
            uses: std::mem::replace(&mut self.uses, tables.uses),
            defs: std::mem::replace(&mut self.defs, tables.defs),
            selections: std::mem::replace(&mut self.selections, tables.selections),
            implicits: std::mem::replace(&mut self.implicits, tables.implicits),
        }
    }

    fn import_std(&mut self, file: &ast::File, file_scope: ScopeId) {
        for imp in &file.imports {
            let Some(scope) = self.load_package(&imp.path) else {
                continue;
            };
            let name = imp.path.rsplit('/').next().unwrap_or(&imp.path).to_string();
            let kind = super::scope::ObjKind::Package {
                path: imp.path.clone(),
                scope,
                used: true,
            };
            let obj = self.new_object(&name, imp.path_pos, kind);
            self.declare(file_scope, obj);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every declaration file parses; checking them reports nothing (errors in a standard
    /// package would otherwise be silent).
    #[test]
    fn standard_packages_check_cleanly() {
        for path in package_paths() {
            assert!(
                parsed(path).is_some_and(Option::is_some),
                "stdlib/{path} does not parse"
            );
        }
        let mut c = Checker::new(0);
        c.report_std_errors = true;
        for path in package_paths() {
            assert!(c.load_package(path).is_some(), "{path} did not load");
        }
        assert!(
            c.errors.is_empty(),
            "errors in standard declarations: {:?}",
            c.errors
        );
    }
}
