//! Operands: the result of checking an expression (mode, type, constant value) and Go's way of
//! describing one in a diagnostic (`x (variable of type int)`).

use super::scope::Builtin;
use super::Checker;
use crate::ast::Expr;
use crate::constant::Value;
use crate::types::{TypeId, INVALID};

/// What kind of thing an expression denotes (types2's operand modes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Invalid,
    /// A call of a function without results.
    NoValue,
    Builtin(Builtin),
    TypeExpr,
    Constant,
    /// Addressable.
    Variable,
    /// `m[k]`: assignable but not addressable.
    MapIndex,
    Value,
    /// A value that may be used in a comma-ok assignment (`m[k]`, `x.(T)`, `<-ch`).
    CommaOk,
    /// The predeclared `nil`.
    Nil,
    /// A package name (only valid before `.`).
    Package,
}

/// The result of checking one expression.
#[derive(Clone, Debug)]
pub struct Operand {
    pub mode: Mode,
    pub typ: TypeId,
    pub val: Option<Value>,
    /// The expression as Go would print it in a message (`x`, `f(1)`, `[]int{…}`).
    pub text: String,
    /// Where the expression starts: Go reports errors about an operand there.
    pub pos: u32,
    /// A non-constant shift of an untyped constant (`1 << n`): its type is decided by the
    /// context, which must be an integer type.
    pub untyped_shift: bool,
    /// The shifted constant's text, for the error when the context is not an integer type.
    pub shift_operand: Option<String>,
}

impl Operand {
    pub fn invalid() -> Operand {
        Operand {
            mode: Mode::Invalid,
            typ: INVALID,
            val: None,
            text: String::new(),
            pos: 0,
            untyped_shift: false,
            shift_operand: None,
        }
    }

    pub fn new(mode: Mode, typ: TypeId, text: String) -> Operand {
        Operand {
            mode,
            typ,
            val: None,
            text,
            pos: 0,
            untyped_shift: false,
            shift_operand: None,
        }
    }

    pub fn constant(typ: TypeId, val: Value, text: String) -> Operand {
        Operand {
            mode: Mode::Constant,
            typ,
            val: Some(val),
            text,
            pos: 0,
            untyped_shift: false,
            shift_operand: None,
        }
    }

    pub fn is_invalid(&self) -> bool {
        self.mode == Mode::Invalid
    }

    pub fn is_value(&self) -> bool {
        matches!(
            self.mode,
            Mode::Constant
                | Mode::Variable
                | Mode::MapIndex
                | Mode::Value
                | Mode::CommaOk
                | Mode::Nil
        )
    }
}

impl<'a> Checker<'a> {
    /// Go's description of an operand (types2's `operand.String`):
    /// `x (variable of type int)`, `300 (untyped int constant)`, `c (untyped int constant 1024)`,
    /// `k (constant 5 of int type T)`, `nil`, `f() (no value)`, `len (built-in function len)`.
    pub(crate) fn describe(&self, x: &Operand) -> String {
        if x.mode == Mode::Nil {
            return "nil".into();
        }
        let mut s = x.text.clone();
        s.push_str(" (");
        let untyped = self.types.is_untyped(x.typ);
        if untyped {
            s.push_str(&self.type_str(x.typ));
            s.push(' ');
        }
        s.push_str(match x.mode {
            Mode::Invalid => "invalid operand",
            Mode::NoValue => "no value",
            Mode::Builtin(_) => "built-in",
            Mode::TypeExpr => "type",
            Mode::Constant => "constant",
            Mode::Variable => "variable",
            Mode::MapIndex => "map index expression",
            Mode::Value | Mode::CommaOk => "value",
            Mode::Nil => "nil",
            Mode::Package => "package",
        });
        if let (Mode::Constant, Some(v)) = (x.mode, &x.val) {
            let vs = v.to_string();
            if vs != x.text {
                s.push(' ');
                s.push_str(&vs);
            }
        }
        let has_type = matches!(
            x.mode,
            Mode::Constant | Mode::Variable | Mode::MapIndex | Mode::Value | Mode::CommaOk
        ) && !untyped;
        if has_type {
            s.push_str(" of ");
            let kw = self.types.kind_word(x.typ);
            if !kw.is_empty() {
                s.push_str(kw);
                s.push(' ');
            }
            s.push_str("type ");
            s.push_str(&self.type_str(x.typ));
            if let crate::types::TypeData::TypeParam(p) = self.types.get(x.typ) {
                s.push_str(" constrained by ");
                s.push_str(&self.constraint_str(p.constraint));
            }
        }
        s.push(')');
        s
    }

    /// An operand for `e` with the given mode and type, its text taken from the expression.
    pub(crate) fn operand(&self, e: &Expr, mode: Mode, typ: TypeId) -> Operand {
        Operand::new(mode, typ, self.expr_string(e))
    }
}
