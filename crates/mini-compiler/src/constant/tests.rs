//! Unit tests for constant arithmetic, rounding and formatting; expected texts come from Go
//! 1.27 (go/constant, strconv and `go build` diagnostics).

use super::*;

/// An integer literal, negated when written with a leading `-`.
fn int(text: &str) -> Value {
    signed(text, Value::from_int_literal)
}

/// A float literal, negated when written with a leading `-`.
fn flt(text: &str) -> Value {
    signed(text, Value::from_float_literal)
}

fn signed(text: &str, parse: fn(&str) -> Result<Value, ConstError>) -> Value {
    match text.strip_prefix('-') {
        Some(rest) => Value::unary_op(UnaryOp::Neg, &parse(rest).unwrap(), None).unwrap(),
        None => parse(text).unwrap(),
    }
}

fn big(text: &str) -> BigInt {
    text.parse().unwrap()
}

fn pow2(e: u32) -> BigInt {
    BigInt::one() << e
}

fn binop(x: &Value, op: BinaryOp, y: &Value, integer_division: bool) -> Value {
    Value::binary_op(x, op, y, integer_division).unwrap()
}

#[test]
fn int_literals_in_every_base() {
    let cases = [
        ("0", "0"),
        ("1", "1"),
        ("017", "15"),
        ("0o17", "15"),
        ("0O17", "15"),
        ("0b101", "5"),
        ("0B101", "5"),
        ("0x1F", "31"),
        ("0XfF", "255"),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(int(text).to_string(), want, "{text}");
    }
}

#[test]
fn malformed_int_literals() {
    for text in ["", "0x", "09", "0b2", "12a", "-1", "+1", "0x-1"] {
        assert_eq!(
            Value::from_int_literal(text),
            Err(ConstError::Malformed),
            "{text}"
        );
    }
}

#[test]
fn float_literals_string_and_exact_string() {
    let cases = [
        ("0.1", "0.1", "1/10"),
        ("1.5", "1.5", "3/2"),
        ("1e100", "1e+100", "1"),
        ("1e-400", "1e-400", "1/1"),
        ("3.14159265", "3.14159", "62831853/20000000"),
        ("1000000.5", "1.0000005e+06", "2000001/2"),
        ("100000.5", "100000.5", "200001/2"),
        ("0.00001", "1e-05", "1/100000"),
        ("1e6", "1e+06", "1000000"),
        ("1e21", "1e+21", "1000000000000000000000"),
        ("123456.0", "123456", "123456"),
        ("1234567.0", "1.23457e+06", "1234567"),
        ("0.000123456789", "0.000123457", "123456789/1000000000000"),
        ("0x1p-2", "0.25", "1/4"),
        ("0x1.8p3", "12", "12"),
        ("0X.8p1", "1", "1"),
        ("0x1P+4", "16", "16"),
        (".5", "0.5", "1/2"),
        ("1.", "1", "1"),
        ("1E3", "1000", "1000"),
        ("0e0", "0", "0"),
        ("0.0", "0", "0"),
        ("1e309", "1e+309", "1"),
        ("5e-324", "4.94066e-324", "1/2"),
        ("2.5e-10", "2.5e-10", "1/4000000000"),
        ("1e-1000", "1e-1000", "1/1"),
        ("6.02214076e23", "6.02214e+23", "602214076000000000000000"),
        (
            "1.7976931348623157e308",
            "1.79769e+308",
            "17976931348623157",
        ),
        ("99999.95", "99999.9", "1999999/20"),
        ("999999.5", "999999.5", "1999999/2"),
        ("1.0000005", "1.0000005", "2000001/2000000"),
        ("-1.5e-5", "-1.5e-05", "-3/200000"),
        (
            "12345678901234567890.5",
            "1.23457e+19",
            "24691357802469135781/2",
        ),
    ];
    for (text, string, exact_prefix) in cases {
        let v = flt(text);
        assert_eq!(v.to_string(), string, "String of {text}");
        assert!(
            v.exact_string().starts_with(exact_prefix),
            "ExactString of {text}"
        );
    }
}

#[test]
fn float_strings_outside_the_float64_range() {
    let cases = [
        ("1.5e-400", "1.5e-400"),
        ("-2.5e400", "-2.5e+400"),
        ("1e1000", "1e+1000"),
        ("123456789e400", "1.23457e+408"),
        ("9.999999e-500", "1e-499"),
        ("0x1p-1075", "2.47033e-324"),
        ("0x1p1024", "1.79769e+308"),
        ("-0x1.8p-1074", "-9.88131e-324"),
        ("0.5e-400", "5e-401"),
    ];
    for (text, want) in cases {
        assert_eq!(flt(text).to_string(), want, "{text}");
    }
}

#[test]
fn float_string_of_computed_values() {
    let third = binop(&flt("1.0"), BinaryOp::Div, &int("3"), false);
    assert_eq!(third.to_string(), "0.333333");
    assert_eq!(third.exact_string(), "1/3");
    let sum = binop(&flt("1e6"), BinaryOp::Add, &flt("0.5"), false);
    assert_eq!(sum.to_string(), "1.0000005e+06");
    let huge = binop(&flt("1e400"), BinaryOp::Add, &flt("0.5"), false);
    assert_eq!(huge.to_string(), "1e+400");
    let third_of_huge = binop(&flt("1e400"), BinaryOp::Div, &int("3"), false);
    assert_eq!(third_of_huge.to_string(), "3.33333e+399");
    assert_eq!(flt("-129.0").to_string(), "-129");
}

#[test]
fn huge_float_literals_are_refused_not_computed() {
    assert_eq!(
        Value::from_float_literal("1e1000000000"),
        Err(ConstError::TooLarge)
    );
    assert_eq!(
        Value::from_float_literal("1e-99999999999999999999999"),
        Err(ConstError::TooLarge)
    );
    assert_eq!(Value::from_float_literal("0e1000000000").unwrap().sign(), 0);
    for text in ["", ".", "e5", "1e", "1e+", "0x1.8", "0xp1", "1.5.2"] {
        assert_eq!(
            Value::from_float_literal(text),
            Err(ConstError::Malformed),
            "{text}"
        );
    }
}

#[test]
fn literals_from_the_parser() {
    assert_eq!(
        Value::from_lit(&LitValue::Int("0x10".into())),
        Ok(int("16"))
    );
    assert_eq!(
        Value::from_lit(&LitValue::Float("2.5".into())),
        Ok(flt("2.5"))
    );
    assert_eq!(
        Value::from_lit(&LitValue::Rune(97)),
        Ok(Value::from_i64(97))
    );
    assert_eq!(
        Value::from_lit(&LitValue::Str(b"hi".to_vec())),
        Ok(Value::String(b"hi".to_vec()))
    );
    assert_eq!(
        Value::from_lit(&LitValue::Imag("1i".into())),
        Err(ConstError::Unsupported)
    );
}

#[test]
fn strings_are_quoted_like_strconv_quote() {
    let cases: [(&[u8], &str); 13] = [
        (b"hello", r#""hello""#),
        (b"", r#""""#),
        (b"a\"b\\c", r#""a\"b\\c""#),
        (
            b"\x00\x07\x08\x0c\n\r\t\x0b\x1b\x7f",
            r#""\x00\a\b\f\n\r\t\v\x1b\x7f""#,
        ),
        (b"\xff\xfe", r#""\xff\xfe""#),
        ("héllo".as_bytes(), r#""héllo""#),
        (
            "\u{2028}\u{ad}\u{feff}".as_bytes(),
            r#""\u2028\u00ad\ufeff""#,
        ),
        ("\u{1F600}".as_bytes(), "\"\u{1F600}\""),
        ("\u{e0001}".as_bytes(), r#""\U000e0001""#),
        (b"\xe2\x82", r#""\xe2\x82""#),
        ("日本語".as_bytes(), r#""日本語""#),
        ("\u{300}x".as_bytes(), "\"\u{300}x\""),
        ("\u{fffd}".as_bytes(), "\"\u{fffd}\""),
    ];
    for (bytes, want) in cases {
        assert_eq!(Value::String(bytes.to_vec()).to_string(), want);
        assert_eq!(Value::String(bytes.to_vec()).exact_string(), want);
    }
}

#[test]
fn long_strings_are_shortened_to_72_characters() {
    let seventy = Value::String(vec![b'a'; 70]);
    assert_eq!(seventy.to_string(), format!("\"{}\"", "a".repeat(70)));
    let seventy_one = Value::String(vec![b'a'; 71]);
    assert_eq!(seventy_one.to_string(), format!("\"{}...", "a".repeat(68)));
    assert_eq!(
        seventy_one.exact_string(),
        format!("\"{}\"", "a".repeat(71))
    );
    let accents = Value::String("é".repeat(80).into_bytes());
    assert_eq!(accents.to_string(), format!("\"{}...", "é".repeat(68)));
    let nuls = Value::String(vec![0; 30]);
    assert_eq!(
        nuls.to_string(),
        format!("\"{}\\x00...", "\\x00".repeat(16))
    );
}

#[test]
fn is_print_matches_go() {
    for c in [
        'a',
        ' ',
        'é',
        '日',
        '\u{1F600}',
        '\u{300}',
        '\u{fffd}',
        '\u{20000}',
    ] {
        assert!(is_print(c), "{c:?}");
    }
    for c in [
        '\t',
        '\u{7f}',
        '\u{a0}',
        '\u{ad}',
        '\u{2028}',
        '\u{feff}',
        '\u{e0001}',
        '\u{10ffff}',
    ] {
        assert!(!is_print(c), "{c:?}");
    }
}

#[test]
fn integer_operations_follow_go() {
    use BinaryOp::*;
    let ops = [Add, Sub, Mul, Div, Rem, And, Or, Xor, AndNot];
    // Go's go/constant results for + - * / (exact) % & | ^ &^, and / with QUO_ASSIGN.
    let cases = [
        (
            "7",
            "2",
            ["9", "5", "14", "7/2", "1", "2", "7", "5", "5"],
            "3",
        ),
        (
            "-7",
            "2",
            ["-5", "-9", "-14", "-7/2", "-1", "0", "-5", "-5", "-7"],
            "-3",
        ),
        (
            "7",
            "-2",
            ["5", "9", "-14", "-7/2", "1", "6", "-1", "-7", "1"],
            "-3",
        ),
        (
            "-7",
            "-2",
            ["-9", "-5", "14", "7/2", "-1", "-8", "-1", "7", "1"],
            "3",
        ),
        (
            "6",
            "3",
            ["9", "3", "18", "2", "0", "2", "7", "5", "4"],
            "2",
        ),
        (
            "-12",
            "10",
            ["-2", "-22", "-120", "-6/5", "-2", "0", "-2", "-2", "-12"],
            "-1",
        ),
        (
            "12",
            "-10",
            ["2", "22", "-120", "-6/5", "2", "4", "-2", "-6", "8"],
            "-1",
        ),
    ];
    for (x, y, wants, quotient) in cases {
        let (x, y) = (Value::Int(big(x)), Value::Int(big(y)));
        for (op, want) in ops.iter().zip(wants) {
            assert_eq!(
                binop(&x, *op, &y, false).exact_string(),
                want,
                "{x} {op:?} {y}"
            );
        }
        assert_eq!(
            binop(&x, Div, &y, true),
            Value::Int(big(quotient)),
            "{x} / {y}"
        );
    }
}

#[test]
fn exact_integer_division_gives_a_float() {
    let q = binop(&int("6"), BinaryOp::Div, &int("3"), false);
    assert!(matches!(q, Value::Float(_)));
    assert_eq!(q.to_string(), "2");
    assert_eq!(q.to_int(), Some(int("2")));
}

#[test]
fn mixed_and_float_operations() {
    use BinaryOp::*;
    let cases = [
        (
            "1.5",
            "2",
            [
                ("7/2", "3.5"),
                ("-1/2", "-0.5"),
                ("3", "3"),
                ("3/4", "0.75"),
            ],
        ),
        (
            "1",
            "3.0",
            [("4", "4"), ("-2", "-2"), ("3", "3"), ("1/3", "0.333333")],
        ),
        (
            "0.1",
            "0.2",
            [
                ("3/10", "0.3"),
                ("-1/10", "-0.1"),
                ("1/50", "0.02"),
                ("1/2", "0.5"),
            ],
        ),
    ];
    for (x, y, wants) in cases {
        let xv = if x.contains('.') { flt(x) } else { int(x) };
        let yv = if y.contains('.') { flt(y) } else { int(y) };
        for (op, (exact, short)) in [Add, Sub, Mul, Div].into_iter().zip(wants) {
            let r = binop(&xv, op, &yv, false);
            assert!(matches!(r, Value::Float(_)), "{x} {op:?} {y}");
            assert_eq!(
                (r.exact_string().as_str(), r.to_string().as_str()),
                (exact, short)
            );
        }
    }
    assert_eq!(
        Value::binary_op(&flt("2.5"), BinaryOp::Rem, &int("1"), false),
        Err(ConstError::InvalidOperands)
    );
    assert_eq!(
        Value::binary_op(&flt("2.5"), BinaryOp::And, &int("1"), false),
        Err(ConstError::InvalidOperands)
    );
}

#[test]
fn division_by_zero() {
    for (x, y) in [
        (int("1"), int("0")),
        (flt("1.0"), flt("0.0")),
        (int("1"), flt("0.0")),
    ] {
        assert_eq!(
            Value::binary_op(&x, BinaryOp::Div, &y, false),
            Err(ConstError::DivByZero)
        );
        assert_eq!(
            Value::binary_op(&x, BinaryOp::Div, &y, true),
            Err(ConstError::DivByZero)
        );
    }
    assert_eq!(
        Value::binary_op(&int("1"), BinaryOp::Rem, &int("0"), true),
        Err(ConstError::DivByZero)
    );
    assert_eq!(ConstError::DivByZero.to_string(), "division by zero");
}

#[test]
fn bool_string_and_comparison_operations() {
    let (t, f) = (Value::Bool(true), Value::Bool(false));
    assert_eq!(binop(&t, BinaryOp::LogAnd, &f, false), f);
    assert_eq!(binop(&t, BinaryOp::LogOr, &f, false), t);
    let ab = binop(
        &Value::String(b"a".to_vec()),
        BinaryOp::Add,
        &Value::String(b"b".to_vec()),
        false,
    );
    assert_eq!(ab, Value::String(b"ab".to_vec()));
    assert_eq!(binop(&int("1"), BinaryOp::Eq, &flt("1.0"), false), t);
    assert_eq!(binop(&int("1"), BinaryOp::Lt, &flt("0.5"), false), f);
    assert_eq!(
        Value::binary_op(&t, BinaryOp::Add, &f, false),
        Err(ConstError::InvalidOperands)
    );
}

#[test]
fn comparisons() {
    use BinaryOp::*;
    let (a, b) = (
        Value::String(b"abc".to_vec()),
        Value::String(b"abd".to_vec()),
    );
    assert!(Value::compare(&a, Lt, &b));
    assert!(Value::compare(&a, Le, &a));
    assert!(!Value::compare(&a, Gt, &b));
    assert!(Value::compare(
        &Value::String(b"\xff".to_vec()),
        Gt,
        &Value::String(b"z".to_vec())
    ));
    assert!(Value::compare(&flt("0.1"), Lt, &int("1")));
    assert!(Value::compare(&int("-3"), Ge, &flt("-3.0")));
    assert!(Value::compare(&Value::Bool(true), Ne, &Value::Bool(false)));
    assert!(!Value::compare(&Value::Bool(true), Lt, &Value::Bool(false)));
    assert!(!Value::compare(&Value::Unknown, Eq, &Value::Unknown));
    assert!(!Value::compare(
        &int("1"),
        Eq,
        &Value::String(b"1".to_vec())
    ));
}

#[test]
fn shifts() {
    // Go's constant.Shift: arithmetic right shift rounds toward negative infinity.
    let cases = [
        (
            "-1",
            [
                ("-1", "-1"),
                ("-1", "-2"),
                ("-1", "-8"),
                ("-1", "-18446744073709551616"),
            ],
        ),
        (
            "-8",
            [
                ("-8", "-8"),
                ("-4", "-16"),
                ("-1", "-64"),
                ("-1", "-147573952589676412928"),
            ],
        ),
        (
            "5",
            [
                ("5", "5"),
                ("2", "10"),
                ("0", "40"),
                ("0", "92233720368547758080"),
            ],
        ),
        (
            "-9",
            [
                ("-9", "-9"),
                ("-5", "-18"),
                ("-2", "-72"),
                ("-1", "-166020696663385964544"),
            ],
        ),
        ("0", [("0", "0"), ("0", "0"), ("0", "0"), ("0", "0")]),
    ];
    for (x, wants) in cases {
        let x = Value::Int(big(x));
        for (s, (right, left)) in [0, 1, 3, 64].into_iter().zip(wants) {
            assert_eq!(
                Value::shift(&x, BinaryOp::Shr, s).unwrap().to_string(),
                right
            );
            assert_eq!(
                Value::shift(&x, BinaryOp::Shl, s).unwrap().to_string(),
                left
            );
        }
    }
    assert_eq!(
        Value::shift(&int("-5"), BinaryOp::Shr, u64::MAX),
        Ok(int("-1"))
    );
    assert_eq!(
        Value::shift(&int("0"), BinaryOp::Shl, u64::MAX),
        Ok(int("0"))
    );
    assert_eq!(
        Value::shift(&int("1"), BinaryOp::Shl, u64::MAX),
        Err(ConstError::TooLarge)
    );
    assert_eq!(Value::shift(&flt("2.0"), BinaryOp::Shl, 3), Ok(int("16")));
    assert_eq!(
        Value::shift(&flt("2.5"), BinaryOp::Shl, 3),
        Err(ConstError::InvalidOperands)
    );
    assert_eq!(
        binop(&int("1"), BinaryOp::Shl, &int("10"), false),
        int("1024")
    );
}

#[test]
fn shift_overflow_threshold_for_untyped_ints() {
    let at_limit = Value::shift(&int("1"), BinaryOp::Shl, 511).unwrap();
    assert!(!at_limit.overflows_untyped());
    let over = Value::shift(&int("1"), BinaryOp::Shl, 512).unwrap();
    assert_eq!(over.bit_len(), 513);
    assert!(over.overflows_untyped());
    let product = binop(&at_limit, BinaryOp::Mul, &int("2"), false);
    assert!(product.overflows_untyped());
    assert_eq!(
        binary_op_overflow_name(BinaryOp::Mul),
        Some("multiplication")
    );
    assert_eq!(binary_op_overflow_name(BinaryOp::Shl), Some("shift"));
    assert_eq!(binary_op_overflow_name(BinaryOp::Div), None);
    assert_eq!(
        unary_op_overflow_name(UnaryOp::Xor),
        Some("bitwise complement")
    );
    assert_eq!(unary_op_overflow_name(UnaryOp::Neg), None);
    assert_eq!(MAX_SHIFT, 1074);
}

#[test]
fn unary_operations() {
    // Go's constant.UnaryOp(token.XOR, x, prec).
    let cases = [
        ("0", ["-1", "255", "65535", "18446744073709551615"]),
        ("1", ["-2", "254", "65534", "18446744073709551614"]),
        ("-1", ["0", "0", "0", "0"]),
        ("255", ["-256", "0", "65280", "18446744073709551360"]),
    ];
    for (x, wants) in cases {
        let x = Value::Int(big(x));
        for (bits, want) in [None, Some(8), Some(16), Some(64)].into_iter().zip(wants) {
            assert_eq!(
                Value::unary_op(UnaryOp::Xor, &x, bits).unwrap().to_string(),
                want
            );
        }
    }
    assert_eq!(
        Value::unary_op(UnaryOp::Neg, &flt("1.5"), None),
        Ok(flt("-1.5"))
    );
    assert_eq!(
        Value::unary_op(UnaryOp::Neg, &int("3"), None),
        Ok(Value::from_i64(-3))
    );
    assert_eq!(
        Value::unary_op(UnaryOp::Pos, &flt("1.5"), None),
        Ok(flt("1.5"))
    );
    assert_eq!(
        Value::unary_op(UnaryOp::Not, &Value::Bool(true), None),
        Ok(Value::Bool(false))
    );
    assert_eq!(
        Value::unary_op(UnaryOp::Xor, &flt("1.0"), None),
        Err(ConstError::InvalidOperands)
    );
    assert_eq!(
        Value::unary_op(UnaryOp::Not, &int("1"), None),
        Err(ConstError::InvalidOperands)
    );
}

#[test]
fn unknown_propagates() {
    let u = Value::Unknown;
    assert_eq!(binop(&u, BinaryOp::Add, &int("1"), false), u);
    assert_eq!(binop(&int("1"), BinaryOp::Div, &u, true), u);
    assert_eq!(Value::unary_op(UnaryOp::Neg, &u, None), Ok(Value::Unknown));
    assert_eq!(Value::shift(&u, BinaryOp::Shl, 3), Ok(Value::Unknown));
    assert_eq!(u.representable(NumKind::Int8), Ok(Value::Unknown));
    assert_eq!(u.to_string(), "unknown");
}

#[test]
fn conversions_and_queries() {
    assert_eq!(flt("3.0").to_int(), Some(int("3")));
    assert_eq!(flt("3.5").to_int(), None);
    assert_eq!(
        flt("1e100").to_int().unwrap().to_string(),
        format!("1{}", "0".repeat(100))
    );
    assert_eq!(int("3").to_float(), Some(flt("3.0")));
    assert_eq!(Value::Bool(true).to_float(), None);
    assert!(flt("3.0").is_int() && int("3").is_int() && !flt("3.5").is_int());
    assert_eq!(
        (flt("-0.5").sign(), int("0").sign(), int("7").sign()),
        (-1, 0, 1)
    );
    assert_eq!(int("-9223372036854775808").as_i64(), Some(i64::MIN));
    assert_eq!(int("9223372036854775808").as_i64(), None);
    assert_eq!(int("18446744073709551615").as_u64(), Some(u64::MAX));
    assert_eq!(int("-1").as_u64(), None);
    assert_eq!(flt("42.0").as_i64(), Some(42));
    assert_eq!(flt("0.1").as_f64(), Some(0.1));
    assert_eq!(int("3").as_f32(), Some(3.0));
    assert_eq!(Value::Bool(true).as_bool(), Some(true));
    assert_eq!(Value::String(b"x".to_vec()).as_bytes(), Some(&b"x"[..]));
    assert_eq!(
        Value::from_u64(u64::MAX).to_string(),
        "18446744073709551615"
    );
    assert_eq!(
        Value::from_f64(0.1).unwrap().exact_string(),
        "3602879701896397/36028797018963968"
    );
    assert_eq!(Value::from_f64(f64::INFINITY), None);
}

#[test]
fn float64_rounding_is_correct_to_nearest_even() {
    let cases: [(Value, f64); 9] = [
        (Value::Int(pow2(53) + 1), 9007199254740992.0),
        (Value::Int(pow2(53) + 3), 9007199254740996.0),
        (Value::Int(pow2(53) + 5), 9007199254740996.0),
        (flt("0.1"), 0.1),
        (flt("1e23"), 1e23),
        (flt("5e-324"), 5e-324),
        (flt("0x1p-1075"), 0.0),
        (flt("0x1.8p-1074"), 1e-323),
        (flt("0x1.0000000000000800000000001p0"), 1.0000000000000002),
    ];
    for (v, want) in cases {
        assert_eq!(
            v.as_f64().unwrap().to_bits(),
            want.to_bits(),
            "{}",
            v.exact_string()
        );
    }
    let max = BigRational::from_float(f64::MAX).unwrap();
    let half_ulp = BigRational::from_integer(pow2(970));
    assert_eq!(Value::Float(&max + &half_ulp).as_f64(), Some(f64::INFINITY));
    let below = &max + &half_ulp - BigRational::new(BigInt::one(), pow2(2000));
    assert_eq!(Value::Float(below).as_f64(), Some(f64::MAX));
    assert_eq!(
        Value::Float(-&max - &half_ulp).as_f64(),
        Some(f64::NEG_INFINITY)
    );
}

#[test]
fn float32_rounding_is_correct_to_nearest_even() {
    let cases: [(Value, u32); 8] = [
        (int("16777217"), 0x4b80_0000),
        (int("16777219"), 0x4b80_0002),
        (flt("0.1"), 0x3dcc_cccd),
        (flt("1.1"), 0x3f8c_cccd),
        (flt("0x1p-149"), 0x0000_0001),
        (flt("0x1p-150"), 0x0000_0000),
        (flt("0x1.8p-149"), 0x0000_0002),
        (flt("3.4028235e38"), 0x7f7f_ffff),
    ];
    for (v, bits) in cases {
        assert_eq!(v.as_f32().unwrap().to_bits(), bits, "{}", v.exact_string());
    }
    // Half an ulp above the largest float32 rounds to infinity (ties to even).
    let max = BigRational::from_float(f32::MAX).unwrap();
    let half_ulp = BigRational::from_integer(pow2(103));
    assert_eq!(Value::Float(&max + &half_ulp).as_f32(), Some(f32::INFINITY));
    let below = Value::Float(&max + &half_ulp - BigRational::from_integer(BigInt::one()));
    assert_eq!(below.as_f32(), Some(f32::MAX));
}

#[test]
fn representable_at_the_edges_of_every_integer_kind() {
    let kinds = [
        (NumKind::Int8, "-128", "127"),
        (NumKind::Int16, "-32768", "32767"),
        (NumKind::Int32, "-2147483648", "2147483647"),
        (
            NumKind::Int64,
            "-9223372036854775808",
            "9223372036854775807",
        ),
        (NumKind::Int, "-9223372036854775808", "9223372036854775807"),
        (NumKind::Uint8, "0", "255"),
        (NumKind::Uint16, "0", "65535"),
        (NumKind::Uint32, "0", "4294967295"),
        (NumKind::Uint64, "0", "18446744073709551615"),
        (NumKind::Uint, "0", "18446744073709551615"),
        (NumKind::Uintptr, "0", "18446744073709551615"),
    ];
    for (kind, min, max) in kinds {
        let (min, max) = (big(min), big(max));
        assert_eq!(
            Value::Int(min.clone()).representable(kind),
            Ok(Value::Int(min.clone()))
        );
        assert_eq!(
            Value::Int(max.clone()).representable(kind),
            Ok(Value::Int(max.clone()))
        );
        let below = Value::Int(min - 1);
        let above = Value::Int(max.clone() + 1);
        assert_eq!(
            below.representable(kind),
            Err(Repr::Overflows),
            "{kind:?} {below}"
        );
        assert_eq!(
            above.representable(kind),
            Err(Repr::Overflows),
            "{kind:?} {above}"
        );
        let integral_float = Value::Float(BigRational::from_integer(max));
        assert!(matches!(
            integral_float.representable(kind),
            Ok(Value::Int(_))
        ));
    }
}

#[test]
fn representable_reasons() {
    assert_eq!(flt("1.5").representable(NumKind::Int), Err(Repr::Truncated));
    assert_eq!(
        flt("1.5").representable(NumKind::UntypedInt),
        Err(Repr::Truncated)
    );
    assert_eq!(
        flt("1e100").representable(NumKind::Int),
        Err(Repr::Overflows)
    );
    assert_eq!(
        flt("1e100").representable(NumKind::UntypedInt),
        flt("1e100").to_int().ok_or(Repr::Invalid)
    );
    assert_eq!(
        flt("1e39").representable(NumKind::Float32),
        Err(Repr::Overflows)
    );
    assert_eq!(
        flt("1e309").representable(NumKind::Float64),
        Err(Repr::Overflows)
    );
    assert_eq!(
        flt("-1e309").representable(NumKind::Float64),
        Err(Repr::Overflows)
    );
    assert_eq!(
        flt("1e-400").representable(NumKind::Float64),
        Ok(flt("0.0"))
    );
    assert_eq!(
        flt("1e-400").representable(NumKind::UntypedFloat),
        Ok(flt("1e-400"))
    );
    assert_eq!(
        int("7").representable(NumKind::UntypedFloat),
        Ok(flt("7.0"))
    );
    assert_eq!(
        Value::String(vec![]).representable(NumKind::Int),
        Err(Repr::Invalid)
    );
    assert_eq!(
        Value::Bool(true).representable(NumKind::Float64),
        Err(Repr::Invalid)
    );
}

#[test]
fn typed_float_constants_print_their_rounded_value() {
    // `const j float32 = 16777217` prints as `(constant 1.67772e+07 of type float32)`.
    let j = int("16777217").representable(NumKind::Float32).unwrap();
    assert_eq!(j.exact_string(), "16777216");
    assert_eq!(j.to_string(), "1.67772e+07");
    // `const h float32 = 0.1` prints as `(constant 0.1 of type float32)`.
    let h = flt("0.1").representable(NumKind::Float32).unwrap();
    assert_eq!(h.exact_string(), "13421773/134217728");
    assert_eq!(h.to_string(), "0.1");
    let third = binop(&flt("1.0"), BinaryOp::Div, &int("3"), false);
    assert_eq!(
        third.representable(NumKind::Float64).unwrap().to_string(),
        "0.333333"
    );
}

#[test]
fn operand_descriptions_match_go_diagnostics() {
    // Texts from `go build` on small wrong programs.
    assert_eq!(
        format!("(untyped int constant {})", int("1024")),
        "(untyped int constant 1024)"
    );
    let shifted = Value::shift(&int("1"), BinaryOp::Shl, 500).unwrap();
    assert!(shifted
        .to_string()
        .starts_with("32733906078961418700131896968275991522166420460"));
    assert_eq!(flt("1e100").to_string(), "1e+100");
    assert_eq!(flt("1e39").to_string(), "1e+39");
    assert_eq!(flt("-1e309").to_string(), "-1e+309");
    let plus = binop(&Value::Int(big("255")), BinaryOp::Add, &int("1"), false);
    assert_eq!(
        format!("(constant {plus} of type byte)"),
        "(constant 256 of type byte)"
    );
    assert_eq!(
        binop(&int("1"), BinaryOp::Eq, &int("1"), false).to_string(),
        "true"
    );
}

#[test]
fn float64_shortest_format() {
    let cases = [
        (1e100, "1e+100"),
        (0.1, "0.1"),
        (1e-5, "1e-05"),
        (123456.7, "123456.7"),
        (1e21, "1e+21"),
        (100000.0, "100000"),
        (1e6, "1e+06"),
        (1.0000005e6, "1.0000005e+06"),
        (5e-324, "5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        (-0.5, "-0.5"),
        (1e20, "1e+20"),
        (123456789.0, "1.23456789e+08"),
        (0.000123, "0.000123"),
        (0.0, "0"),
        (f64::INFINITY, "+Inf"),
        (f64::NAN, "NaN"),
    ];
    for (x, want) in cases {
        assert_eq!(format_float64(x), want);
    }
}

#[test]
fn float_results_beyond_the_size_limit_are_refused() {
    let big = flt("1e9000");
    assert_eq!(
        Value::binary_op(&big, BinaryOp::Mul, &big, false),
        Err(ConstError::TooLarge)
    );
    assert_eq!(binop(&big, BinaryOp::Div, &big, false), flt("1.0"));
}
