//go:build ignore

// Generates strconv_cases.txt, the expected results of Go's strconv for strconv_go.rs.
// Regenerate: cd crates/mini-bytecode/tests && go run gen_strconv_cases.go > strconv_cases.txt
//
// Each line is tab-separated: an operation, its arguments, then Go's result. Strings are
// written with strconv.Quote, floats as hexadecimal IEEE bits, errors as range, syntax,
// base, bitsize or ok.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strconv"
)

var out = bufio.NewWriter(os.Stdout)

func line(fields ...any) {
	for i, f := range fields {
		if i > 0 {
			out.WriteByte('\t')
		}
		fmt.Fprint(out, f)
	}
	out.WriteByte('\n')
}

func errName(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, strconv.ErrRange):
		return "range"
	case errors.Is(err, strconv.ErrSyntax):
		return "syntax"
	}
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		if len(ne.Err.Error()) > 12 && ne.Err.Error()[:12] == "invalid base" {
			return "base"
		}
		return "bitsize"
	}
	return "other"
}

func bits(f float64) string { return fmt.Sprintf("%016x", math.Float64bits(f)) }

// formatAll writes FormatFloat results of f: shortest forms, then fixed precisions chosen
// at random (long %f forms of huge or tiny values only now and then, to keep the file small).
func formatAll(r *rand.Rand, f float64, size int) {
	for _, c := range []byte("eEgGxb") {
		line("ff", bits(f), string(c), -1, size, strconv.Quote(strconv.FormatFloat(f, c, -1, size)))
	}
	a := math.Abs(f)
	moderate := a == 0 || (a > 1e-30 && a < 1e30)
	if moderate || r.Intn(20) == 0 {
		line("ff", bits(f), "f", -1, size, strconv.Quote(strconv.FormatFloat(f, 'f', -1, size)))
	}
	for _, c := range []byte("efgX") {
		prec := r.Intn(22)
		if r.Intn(8) == 0 {
			prec = 17 + r.Intn(40)
		}
		if c == 'f' && !moderate && r.Intn(20) != 0 {
			continue
		}
		line("ff", bits(f), string(c), prec, size, strconv.Quote(strconv.FormatFloat(f, c, prec, size)))
	}
}

func parse(s string, size int) {
	f, err := strconv.ParseFloat(s, size)
	line("pf", strconv.Quote(s), size, bits(f), errName(err))
}

func main() {
	defer out.Flush()
	r := rand.New(rand.NewSource(27))

	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 0.5, 1.5, 2.5, 0.125, 1e21, 1e20,
		123456789, 1e23, 5e-324, math.MaxFloat64, math.SmallestNonzeroFloat32, math.MaxFloat32,
		math.Inf(1), math.Inf(-1), math.NaN(), 100000, 1e6, 1e-4, 1e-5, 0.000123, 3.14159,
		2.2250738585072014e-308, 2.225073858507201e-308, 1 << 53, 1<<53 + 2, 9.5, 0.05, 0.15, 0.25, 0.35}
	for _, f := range special {
		formatAll(r, f, 64)
		formatAll(r, float64(float32(f)), 32)
		for prec := 0; prec <= 25; prec += 5 {
			for _, c := range []byte("eg") {
				line("ff", bits(f), string(c), prec, 64, strconv.Quote(strconv.FormatFloat(f, c, prec, 64)))
			}
		}
	}
	for e := -1074; e <= 1023; e += 13 {
		f := math.Ldexp(1, e)
		formatAll(r, f, 64)
	}
	for range 1500 {
		f := math.Float64frombits(r.Uint64())
		formatAll(r, f, 64)
		parse(strconv.FormatFloat(f, 'g', -1, 64), 64)
	}
	for range 1000 {
		f := float64(math.Float32frombits(r.Uint32()))
		formatAll(r, f, 32)
		parse(strconv.FormatFloat(f, 'g', -1, 32), 32)
	}
	for range 500 {
		// Numbers with few digits and moderate exponents, as programs print them.
		f := float64(r.Int63n(2000000)-1000000) * math.Pow10(r.Intn(30)-20)
		formatAll(r, f, 64)
		formatAll(r, f, 32)
	}
	for range 1000 {
		// Long decimal strings: truncated mantissas and the slow exact path.
		n := 1 + r.Intn(40)
		s := ""
		for i := range n {
			s += string(byte('0' + r.Intn(10)))
			if i == r.Intn(n) {
				s += "."
			}
		}
		s += fmt.Sprintf("e%d", r.Intn(700)-350)
		parse(s, 64)
		parse(s, 32)
	}
	for _, s := range []string{"", "+", "-", ".", "1", "-0", "+0", "1.", ".5", "1e", "1e+", "1e5", "1E-5",
		"inf", "+Inf", "-infinity", "INFINITY", "infin", "nan", "NaN", "-nan", "+nan", "nanx",
		"1_000.5", "0x1p-2", "0x1.8p1", "0X1P+10", "0x_1p0", "0x1", "0x1.fffffffffffff8p1023",
		"0x1.fffffffffffffp1023", "0x1p-1074", "0x1p-1075", "0x1.8p-1075", "0x1p1024", "1_0", "_1",
		"1__0", "0_1", "1e1_0", "1e400", "-1e400", "1e-400", "4.9e-324", "2.4703282292062328e-324",
		"2.4703282292062327e-324", "1.7976931348623157e308", "1.7976931348623158e308",
		"1.7976931348623159e308", "3.4028235e38", "3.4028236e38", "1e-46", "0x1p-149", "0x1p-150",
		"0.000000000000000000000000000000000000000000001", "123456789012345678901234567890",
		"9007199254740993", "9007199254740993.0000000000000000001", "1e23", "8.98846567431158e307",
		"0x.8p1", "0x1.p1", "0xp1", "0x1e3", "1.5e", "12a", " 1", "1 ", "0.1", "1e-350", "1e310"} {
		parse(s, 64)
		parse(s, 32)
	}

	ints := []string{"", "0", "-0", "+5", "-5", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
		"0x1f", "0X1F", "0b101", "0o17", "017", "08", "0_1", "1_000", "_1", "1__0", "1_", "0x_1f",
		"0x", "0b", "+", "-", "abc", "zz", "ZZ", "127", "128", "-128", "-129", "255", "256", "1e3",
		"99999999999999999999999", "-0x8000000000000000", "0xffffffffffffffff"}
	for _, s := range ints {
		for _, base := range []int{0, 2, 8, 10, 16, 36, 1, 37} {
			for _, size := range []int{0, 8, 16, 32, 64, 65} {
				i, err := strconv.ParseInt(s, base, size)
				line("pi", strconv.Quote(s), base, size, i, errName(err))
				u, err := strconv.ParseUint(s, base, size)
				line("pu", strconv.Quote(s), base, size, u, errName(err))
			}
		}
		i, err := strconv.Atoi(s)
		line("atoi", strconv.Quote(s), i, errName(err))
	}
	for range 500 {
		v := r.Int63() >> r.Intn(63)
		if r.Intn(2) == 0 {
			v = -v
		}
		base := 2 + r.Intn(35)
		line("fi", v, base, strconv.Quote(strconv.FormatInt(v, base)))
		u := r.Uint64() >> r.Intn(64)
		line("fu", u, base, strconv.Quote(strconv.FormatUint(u, base)))
		s := strconv.FormatInt(v, base)
		i, err := strconv.ParseInt(s, base, 64)
		line("pi", strconv.Quote(s), base, 64, i, errName(err))
	}
	line("fi", int64(math.MinInt64), 10, strconv.Quote(strconv.FormatInt(math.MinInt64, 10)))
	line("fi", int64(math.MinInt64), 2, strconv.Quote(strconv.FormatInt(math.MinInt64, 2)))

	for _, s := range []string{"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False", "tRUE", "yes", ""} {
		b, err := strconv.ParseBool(s)
		line("pb", strconv.Quote(s), b, errName(err))
	}

	strs := []string{"", "hello", "a\"b\\c", "tab\there", "nl\n", "\a\b\f\r\v\x00\x1f\x7f",
		"héllo wörld", "日本語", "\xff\xfe", "a\xe2\x82", "\u00ad", "\u00a0", "\u2000", "\u3000",
		"\U0001F600", "\U000E0001", "\uFEFF", "\u0378", "`raw`", "a'b", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xc0\x80", "\U0010FFFF", "\u200b", "\u061c"}
	for range 300 {
		b := make([]byte, r.Intn(8))
		for i := range b {
			b[i] = byte(r.Intn(256))
		}
		strs = append(strs, string(b))
		rs := make([]rune, r.Intn(4))
		for i := range rs {
			rs[i] = rune(r.Intn(0x30000))
		}
		strs = append(strs, string(rs))
	}
	for _, s := range strs {
		line("q", strconv.Quote(s), strconv.Quote(strconv.Quote(s)))
		line("qa", strconv.Quote(s), strconv.Quote(strconv.QuoteToASCII(s)))
		line("qg", strconv.Quote(s), strconv.Quote(strconv.QuoteToGraphic(s)))
		line("cb", strconv.Quote(s), strconv.CanBackquote(s))
	}
	runes := []rune{0, 'a', '\'', '"', '\\', '\n', 0x7f, 0xa0, 0xad, 0x378, 0xd800, 0xfffd, 0x10ffff, 0x110000, -1, 0x1F600, 0xE0001, 0x2028}
	for range 300 {
		runes = append(runes, rune(r.Intn(0x40000)))
	}
	for _, c := range runes {
		line("qr", c, strconv.Quote(strconv.QuoteRune(c)))
		line("qra", c, strconv.Quote(strconv.QuoteRuneToASCII(c)))
		line("qrg", c, strconv.Quote(strconv.QuoteRuneToGraphic(c)))
		line("isprint", c, strconv.IsPrint(c), strconv.IsGraphic(c))
	}
	lits := []string{`""`, `"abc"`, `"a\nb"`, `"\x41\101\u00e9\U0001F600"`, `"\'"`, `'\''`, `'a'`, `'ab'`, `''`,
		`'\"'`, `"\"`, `"a`, "`raw\\n`", "`a\rb`", "`a`b`", `"\400"`, `"\377"`, `"\xff"`, `"\ud800"`,
		`"\U00110000"`, `'\xff'`, "\"a\nb\"", "'\n'", `'é'`, "'\xff'", "\"\xff\"", `"\q"`, `x`, `"`, `'`,
		"``", `"\u12"`, `"\08"`, `'\u00e9'`, `"é"`, `"a"b"`, `'a`}
	for _, s := range lits {
		u, err := strconv.Unquote(s)
		line("uq", strconv.Quote(s), strconv.Quote(u), errName(err))
	}
}
