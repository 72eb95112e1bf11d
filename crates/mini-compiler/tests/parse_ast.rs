//! AST snapshots of the programs in `tests/parse/`, plus checks on expression ids and spans.

use mini_compiler::ast::{ExprKind, File, Stmt};
use mini_compiler::parser::parse_file;
use std::collections::HashSet;

fn parse(src: &str) -> File {
    match parse_file(src) {
        Ok(file) => file,
        Err(errs) => panic!("parse failed: {errs:?}"),
    }
}

#[test]
fn ast_snapshots() {
    insta::glob!("parse/*.mini", |path| {
        let src = std::fs::read_to_string(path).expect("readable test program");
        insta::assert_snapshot!(format!("{:#?}", parse(&src)));
    });
}

/// Every `ExprId` appears once and they are dense from 0 (checked on the Debug rendering,
/// which lists every node).
#[test]
fn expr_ids_are_dense() {
    insta::glob!("parse/*.mini", |path| {
        let src = std::fs::read_to_string(path).expect("readable test program");
        let file = parse(&src);
        let text = format!("{file:?}");
        let ids: Vec<u32> = text
            .split("ExprId(")
            .skip(1)
            .map(|s| s[..s.find(')').unwrap()].parse().unwrap())
            .collect();
        let unique: HashSet<u32> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "duplicate ids");
        assert_eq!(ids.len() as u32, file.expr_count);
        assert!(ids.iter().all(|&id| id < file.expr_count));
    });
}

/// The first statement of `main`'s body in `src`.
fn first_stmt(src: &str) -> Stmt {
    let file = parse(src);
    match file.decls.into_iter().last() {
        Some(mini_compiler::ast::Decl::Func(f)) => {
            f.body.unwrap().stmts.into_iter().next().unwrap()
        }
        other => panic!("no function: {other:?}"),
    }
}

#[test]
fn binary_and_call_positions() {
    let src = "package p\nfunc main() {\n\tx := a + f(b, c)*2\n}\n";
    let Stmt::Assign { rhs, pos, .. } = first_stmt(src) else {
        panic!("not an assignment");
    };
    assert_eq!(&src[pos as usize..pos as usize + 2], ":=");
    let e = &rhs[0];
    assert_eq!(
        &src[e.span.lo as usize..e.span.hi as usize],
        "a + f(b, c)*2"
    );
    let ExprKind::Binary { op_pos, y, .. } = &e.kind else {
        panic!("not binary");
    };
    assert_eq!(&src[*op_pos as usize..=*op_pos as usize], "+");
    let ExprKind::Binary { x: call, .. } = &y.kind else {
        panic!("precedence: * binds tighter than +");
    };
    let ExprKind::Call { lparen, rparen, .. } = &call.kind else {
        panic!("not a call");
    };
    assert_eq!(&src[*lparen as usize..=*rparen as usize], "(b, c)");
    assert_eq!(
        &src[call.span.lo as usize..call.span.hi as usize],
        "f(b, c)"
    );
}

#[test]
fn type_switch_and_range_forms() {
    let src = "package p\nfunc main() {\n\tswitch v := x.(type) {\n\tcase int:\n\t}\n}\n";
    let Stmt::TypeSwitch { bind, x, .. } = first_stmt(src) else {
        panic!("not a type switch");
    };
    assert_eq!(bind.unwrap().name, "v");
    assert!(matches!(x.kind, ExprKind::Ident(ref n) if n == "x"));
    let src = "package p\nfunc main() {\n\tfor range 10 {\n\t}\n}\n";
    let Stmt::Range { key, value, .. } = first_stmt(src) else {
        panic!("not a range loop");
    };
    assert!(key.is_none() && value.is_none());
}

#[test]
fn block_braces_and_const_iota() {
    let src = "package p\nconst (\n\ta = iota\n\tb\n\tc\n)\nfunc main() {}\n";
    let file = parse(src);
    let mini_compiler::ast::Decl::Const(group) = &file.decls[0] else {
        panic!("not a const group");
    };
    let iotas: Vec<u32> = group.specs.iter().map(|s| s.iota).collect();
    assert_eq!(iotas, [0, 1, 2]);
    assert!(group.specs[1].values.is_empty());
    let mini_compiler::ast::Decl::Func(f) = &file.decls[1] else {
        panic!("not a function");
    };
    let body = f.body.as_ref().unwrap();
    assert_eq!(&src[body.lbrace as usize..=body.rbrace as usize], "{}");
}
