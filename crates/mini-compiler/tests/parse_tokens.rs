//! Token snapshots: semicolon insertion, literals and lexical errors.

use mini_compiler::parser::dump_tokens;

const CASES: &[(&str, &str)] = &[
    (
        "semi_after_ident_and_literals",
        "x\n1\n2.5\n'a'\n\"s\"\n`r`\n",
    ),
    (
        "semi_after_keywords",
        "break\ncontinue\nfallthrough\nreturn\nif\nfunc\n",
    ),
    ("semi_after_closers_and_incdec", "f()\na[0]\n{}\nx++\ny--\n"),
    ("no_semi_after_operators", "a +\nb ,\nc (\n"),
    ("semi_at_eof", "return"),
    ("line_comment_before_newline", "x // comment\ny"),
    ("block_comment_with_newline", "x /* a\nb */ y /* c */ z"),
    ("explicit_semicolons", "a; b;\n"),
    (
        "operators",
        "&^ &^= <- ... := << >>= &&|| ++ -- != <= >= ~ ! =",
    ),
    ("integers", "0x1F 0X_ff 0o17 017 0b1_01 1_000 0 08.5 1e3i"),
    ("floats", ".5 1. 1.5e-3 1E+2 0x1p-2 0x.8p1"),
    (
        "runes",
        r"'a' '\n' '\x41' '\101' '\u00e9' '\U0001F600' '\'' 'é'",
    ),
    ("strings", "\"a\\tb\\xff\\u00e9\\\"\" `raw\r\nline`"),
    ("unicode_identifiers", "héllo 世界 _x9"),
    (
        "lexical_errors",
        "@ 08 0o8 1__0 0x 1e 0b12 1_ 0x1.5 '' 'ab' \"\\q\" \"\\400\" x€\n\"abc\n'a\n",
    ),
    ("unterminated_comment", "x /* abc"),
    ("unterminated_raw_string", "`abc"),
];

#[test]
fn token_snapshots() {
    for (name, src) in CASES {
        insta::assert_snapshot!(*name, dump_tokens(src), src);
    }
}
