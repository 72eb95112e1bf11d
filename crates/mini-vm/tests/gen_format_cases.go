//go:build ignore

// Generates format_cases.txt, Go's fmt output for format_go.rs to compare against.
// Regenerate: cd crates/mini-vm/tests && go run gen_format_cases.go > format_cases.txt
//
// Each line is tab-separated: the function (printf, print or println), the quoted format,
// the operands encoded as below, and the quoted output. Operands are written by walking
// them with reflect; methods are called here (recovering panics) and their results written
// into the encoding, so the test replays exactly what Go's fmt saw.
//
//	nil "T"                     nil interface of static type T
//	bool 0|1, int K N, uint K N, float 32|64 BITS, str "s"
//	named "T" V                 basic value of a named type
//	list "T" 0 nil | list "T" ADDR N V... | array "T" 0 N V...
//	bytes "T" 0 nil | bytes "T" ADDR "data" | barray "T" 0 "data"
//	map "T" 0 nil | map "T" ADDR N K V ...
//	struct "T" N "name" V ...
//	ptr "T" ADDR | ptrto "T" ADDR V | func "T" ADDR | chan "T" ADDR
//	meth "esg" R R R V          methods present (e/s/g), each R "ok "s"" or "panic V" or "-"
package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"reflect"
	"strconv"
	"strings"
)

var out = bufio.NewWriter(os.Stdout)

func q(s string) string { return strconv.Quote(s) }

func call(f func() string) (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = "panic " + enc(reflect.ValueOf(r), 0)
		}
	}()
	return "ok " + q(f())
}

func enc(v reflect.Value, depth int) string {
	if !v.IsValid() {
		return `nil ""`
	}
	if v.CanInterface() && v.Kind() != reflect.Interface {
		x := v.Interface()
		flags, results := "", []string{}
		if e, ok := x.(error); ok {
			flags += "e"
			results = append(results, call(e.Error))
		} else {
			results = append(results, "-")
		}
		if s, ok := x.(fmt.Stringer); ok {
			flags += "s"
			results = append(results, call(s.String))
		} else {
			results = append(results, "-")
		}
		if g, ok := x.(fmt.GoStringer); ok {
			flags += "g"
			results = append(results, call(g.GoString))
		} else {
			results = append(results, "-")
		}
		if flags != "" {
			return fmt.Sprintf("meth %q %s %s", flags, strings.Join(results, " "), encPlain(v, depth))
		}
	}
	return encPlain(v, depth)
}

func encPlain(v reflect.Value, depth int) string {
	t := v.Type()
	ts := q(t.String())
	basic := func(s string) string {
		if t.String() != v.Kind().String() {
			return "named " + ts + " " + s
		}
		return s
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return basic("bool 1")
		}
		return basic("bool 0")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return basic(fmt.Sprintf("int %s %d", v.Kind(), v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return basic(fmt.Sprintf("uint %s %d", v.Kind(), v.Uint()))
	case reflect.Float32:
		return basic(fmt.Sprintf("float 32 %016x", math.Float64bits(v.Float())))
	case reflect.Float64:
		return basic(fmt.Sprintf("float 64 %016x", math.Float64bits(v.Float())))
	case reflect.String:
		return basic("str " + q(v.String()))
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Elem().NumMethod() == 0 {
			if v.Kind() == reflect.Slice && v.IsNil() {
				return "bytes " + ts + " 0 nil"
			}
			b := make([]byte, v.Len())
			for i := range b {
				b[i] = byte(v.Index(i).Uint())
			}
			if v.Kind() == reflect.Array {
				return "barray " + ts + " 0 " + q(string(b))
			}
			return fmt.Sprintf("bytes %s %d %s", ts, v.Pointer(), q(string(b)))
		}
		kind, addr := "list", uintptr(0)
		if v.Kind() == reflect.Array {
			kind = "array"
		} else if v.IsNil() {
			return "list " + ts + " 0 nil"
		} else {
			addr = v.Pointer()
		}
		parts := []string{kind, ts, fmt.Sprint(addr), strconv.Itoa(v.Len())}
		for i := range v.Len() {
			parts = append(parts, enc(v.Index(i), depth+1))
		}
		return strings.Join(parts, " ")
	case reflect.Map:
		if v.IsNil() {
			return "map " + ts + " 0 nil"
		}
		parts := []string{"map", ts, fmt.Sprint(v.Pointer()), strconv.Itoa(v.Len())}
		it := v.MapRange()
		for it.Next() {
			parts = append(parts, enc(it.Key(), depth+1), enc(it.Value(), depth+1))
		}
		return strings.Join(parts, " ")
	case reflect.Struct:
		parts := []string{"struct", ts, strconv.Itoa(v.NumField())}
		for i := range v.NumField() {
			parts = append(parts, q(t.Field(i).Name), enc(v.Field(i), depth+1))
		}
		return strings.Join(parts, " ")
	case reflect.Interface:
		if v.IsNil() {
			return "nil " + ts
		}
		return enc(v.Elem(), depth)
	case reflect.Pointer:
		addr := v.Pointer()
		if addr != 0 && depth < 3 {
			switch v.Elem().Kind() {
			case reflect.Struct, reflect.Array, reflect.Slice, reflect.Map:
				return fmt.Sprintf("ptrto %s %d %s", ts, addr, enc(v.Elem(), depth+1))
			}
		}
		return fmt.Sprintf("ptr %s %d", ts, addr)
	case reflect.Func:
		return fmt.Sprintf("func %s %d", ts, v.Pointer())
	case reflect.Chan:
		return fmt.Sprintf("chan %s %d", ts, v.Pointer())
	}
	panic("unsupported kind " + v.Kind().String())
}

func encArgs(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = enc(reflect.ValueOf(a), 0)
	}
	return strconv.Itoa(len(args)) + " " + strings.Join(parts, " ")
}

func printf(format string, args ...any) {
	fmt.Fprintf(out, "printf\t%s\t%s\t%s\n", q(format), encArgs(args), q(fmt.Sprintf(format, args...)))
}

func sprint(args ...any) {
	fmt.Fprintf(out, "print\t\"\"\t%s\t%s\n", encArgs(args), q(fmt.Sprint(args...)))
}

func sprintln(args ...any) {
	fmt.Fprintf(out, "println\t\"\"\t%s\t%s\n", encArgs(args), q(fmt.Sprintln(args...)))
}

type Point struct{ X, Y int }
type Celsius float64
type Name string
type Flag bool
type Small int8
type Bytes []byte
type Inner struct {
	A []int
	M map[string]int
	P *Point
	E error
	I any
	s string
}
type Stringy struct{ V int }

func (s Stringy) String() string { return fmt.Sprintf("S<%d>", s.V) }

type PtrStringy struct{ V int }

func (s *PtrStringy) String() string { return fmt.Sprintf("P<%d>", s.V) }

type Boom struct{}

func (Boom) String() string { panic("boom") }

type ErrBoom struct{}

func (ErrBoom) Error() string { panic(errors.New("err boom")) }

type MyErr struct{ Code int }

func (e MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

type Both struct{}

func (Both) Error() string  { return "as error" }
func (Both) String() string { return "as string" }

type GoS struct{ A int }

func (GoS) GoString() string { return "GoS!" }

type NilRecv struct{ V int }

func (n *NilRecv) String() string { return fmt.Sprint("v=", n.V) }

type ValRecv struct{ V int }

func (n ValRecv) String() string { return "val" }

type Hidden struct {
	pub  Stringy
	Pub  Stringy
	errs error
}

type Key struct {
	A int
	B string
}

func main() {
	defer out.Flush()
	r := rand.New(rand.NewSource(1))

	ints := []any{0, 1, -1, 42, -42, 255, 1 << 40, math.MaxInt64, math.MinInt64,
		int8(-128), int8(127), int16(-300), int32(70000), int64(-5), uint(7), uint8(200),
		uint16(65535), uint32(1 << 31), uint64(math.MaxUint64), uintptr(0x1000), 'x', 'é', rune(0x1F600),
		rune(-1), rune(0x110000), rune(0xD800), Small(-3)}
	intVerbs := []string{"v", "d", "b", "o", "O", "x", "X", "c", "q", "U", "s", "e", "t"}
	intFlags := []string{"", "+", "-", "#", " ", "0", "5", "-5", "05", "+5", "#5", ".3", "8.3", "-8.3", "#.0", ".0", "+#x", "# ", "+ ", "020", "-020", "#08", " 06", "#+U"}
	for _, v := range ints {
		for _, verb := range intVerbs {
			for _, fl := range intFlags {
				printf("%"+fl+verb, v)
			}
		}
		printf("%#v %T %v", v, v, v)
	}

	floats := []any{0.0, math.Copysign(0, -1), 1.0, -1.0, 0.1, 1.0 / 3, 2.0 / 3, 100000.0, 1e6, 1e20, 1e21, 1e-4, 1e-5,
		123456789.0, 1.5e300, 5e-324, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(),
		float32(0.1), float32(1) / 3, float32(16777216), float32(1e21), float32(math.MaxFloat32), float32(math.Inf(-1)),
		Celsius(36.6), 3.0, 12345.678, -0.000123}
	floatVerbs := []string{"v", "e", "E", "f", "F", "g", "G", "x", "X", "b", "d", "s"}
	floatFlags := []string{"", "+", "-", "#", " ", "0", "10", "-10", "010", "+010", ".0", ".2", ".10", "8.3", "-8.3", "#.3", "#.0", "+.3", "# .2", "012.4", "-012.4", " 10.2", ".25", "#10"}
	for _, v := range floats {
		for _, verb := range floatVerbs {
			for _, fl := range floatFlags {
				printf("%"+fl+verb, v)
			}
		}
		printf("%#v %T", v, v)
		sprint(v)
		sprintln(v)
	}
	for range 3000 {
		f := math.Float64frombits(r.Uint64())
		printf("%v %g %.3e %.17g", f, f, f, f)
	}
	for range 1500 {
		f := math.Float32frombits(r.Uint32())
		printf("%v %g %.5f", f, f, f)
	}
	for range 1000 {
		f := float64(r.Int63n(20000000)-10000000) * math.Pow10(r.Intn(34)-24)
		printf("%v %6.2f %e %G %#g", f, f, f, f, f)
		printf("%v", float32(f))
	}

	strs := []any{"", "hello", "héllo, 世界", "tab\t\"q\"\\", "\xff\xfe bad", "a\x00b", "\u00ad\u2028", "`back`", "日本語テキスト",
		Name("named"), []byte("bytes"), []byte(nil), []byte{}, Bytes("mine"), [3]byte{1, 2, 3}, []uint8{0, 255}}
	strVerbs := []string{"v", "s", "q", "x", "X", "d", "c"}
	strFlags := []string{"", "+", "-", "#", " ", "0", "10", "-10", "010", ".2", "8.3", "-8.3", "#+", "# ", "# x", ".0", "+#", "-#10", "05.1"}
	for _, v := range strs {
		for _, verb := range strVerbs {
			for _, fl := range strFlags {
				printf("%"+fl+verb, v)
			}
		}
		printf("%#v %T", v, v)
		sprint(v, v)
		sprintln(v, v)
	}
	for _, v := range []any{true, false, Flag(true)} {
		for _, f := range []string{"%v", "%t", "%5t", "%-7t|", "%d", "%s", "%#v", "%T", "%q", "%07t"} {
			printf(f, v)
		}
	}

	var nilPtr *Point
	var nilMap map[string]int
	var nilSlice []int
	var nilErr error
	var nilAny any
	var nilFunc func()
	var nilChan chan int
	composites := []any{
		Point{1, 2}, &Point{3, 4}, []int{1, 2, 3}, [2]string{"a", "b"}, []any{1, "a", nil, 2.5, true},
		map[string]int{"b": 2, "a": 1, "c": 3}, map[int]string{3: "c", -1: "z", 2: "b"}, nilPtr, nilMap, nilSlice,
		nilErr, nilFunc, nilChan, []*Point{nil}, &[]int{7}, &map[string]bool{"x": true}, &[2]int{5, 6},
		map[float64]string{math.NaN(): "nan", math.Inf(-1): "-inf", 0: "zero", 1.5: "x"},
		map[bool]int{true: 1, false: 0}, map[Key]int{{2, "a"}: 1, {1, "b"}: 2, {1, "a"}: 3},
		map[[2]int]string{{2, 1}: "x", {1, 2}: "y"}, map[Name]Celsius{"z": 1, "a": -2},
		map[any]int{nil: 0, 3: 1, 1: 2},
		Inner{A: []int{1}, M: map[string]int{"k": 1}, P: nil, E: nil, I: nil, s: "hidden"},
		Inner{A: nil, M: nil, P: &Point{1, 2}, E: MyErr{7}, I: Point{5, 6}, s: ""},
		struct{}{}, struct {
			A int
			B []string
		}{1, []string{"x"}}, [][]int{{1, 2}, {3}}, map[string][]int{"a": {1}, "b": nil},
		[]map[string]int{{"a": 1}, nil}, [0]int{}, []string{"a b", ""}, []float64{1.5, math.Inf(1)},
		[]float32{0.1, 2}, []Celsius{1, 2.5}, []error{MyErr{1}, nil}, []Name{"x"}, []bool{true, false},
		Stringy{3}, &Stringy{4}, []Stringy{{1}, {2}}, map[Stringy]int{{2}: 1, {1}: 2},
		PtrStringy{5}, &PtrStringy{6}, []*PtrStringy{nil}, Boom{}, []Boom{{}}, ErrBoom{}, MyErr{42}, &MyErr{43},
		Both{}, GoS{1}, []GoS{{2}}, (*NilRecv)(nil), &NilRecv{9}, (*ValRecv)(nil), Hidden{Stringy{1}, Stringy{2}, MyErr{3}},
		errors.New("plain error"), fmt.Errorf("wrapped: %w", errors.New("inner")),
	}
	compVerbs := []string{"%v", "%+v", "%#v", "%T", "%s", "%d", "%x", "%q", "%5v", "%-12v|", "%08v", "%.1v", "%X", "%t", "%6.2f", "%o"}
	for _, v := range composites {
		for _, f := range compVerbs {
			printf(f, v)
		}
		sprint(v)
		sprintln(v, v)
	}
	printf("%v %p %v", nilAny, nilPtr, nilFunc)

	// Pointers: top-level &{...}, nested addresses, %p, Go syntax.
	pt := &Point{1, 2}
	n := 5
	pn := &n
	ch := make(chan int)
	fn := main
	for _, v := range []any{pt, pn, &pn, []*Point{pt, nil}, struct{ P *Point }{pt}, map[string]*int{"a": pn}, ch, fn, Inner{P: pt}} {
		for _, f := range []string{"%v", "%+v", "%#v", "%p", "%#p", "%s", "%d", "%x", "%T", "%20v|", "%-20p|"} {
			printf(f, v)
		}
		sprintln(v)
	}
	printf("%v %v", []**int{&pn}, [1]*[]int{{1}})

	// Printf argument handling and error forms.
	printf("%d %d", 1)
	printf("%d", 1, 2, "x")
	printf("no verbs", 1, nil)
	printf("%!")
	printf("%")
	printf("%-")
	printf("%5")
	printf("%.")
	printf("%z", 3)
	printf("%[2]d %[1]d", 1, 2)
	printf("%[3]d", 1, 2)
	printf("%[0]d", 1)
	printf("%[x]d", 1)
	printf("%[1]d %d", 1, 2)
	printf("%[2]*[1]d", 12, 5)
	printf("%[1]*d", 3, 4)
	printf("%*d", 5, 42)
	printf("%-*d|", 5, 42)
	printf("%*d|", -5, 42)
	printf("%.*f", 2, math.Pi)
	printf("%.*f", -1, math.Pi)
	printf("%*.*f|", 8, 3, math.Pi)
	printf("%*d", "x", 3)
	printf("%.*d", "x", 3)
	printf("%*d", 10000000, 3)
	printf("%[1]d %[1]x %[1]o %[1]q", 65)
	printf("%3[1]d", 1)
	printf("%[1].2d", 1)
	printf("%[2]d %d", 1, 2, 3)
	printf("%d %s", nil, nil)
	printf("%%d %5% %-5%|", 1)
	printf("%v %v", []any{nil}, map[string]any{"a": nil})
	printf("%s", []any{1, "x", 2.5})
	printf("%d", []any{1, "x", 2.5})
	printf("%x", []any{"hi", 255})
	printf("%é", 1)
	printf("%\xff", 1)
	printf("%.3s|%.10s|%5.1s|", "héllo", "ab", "xyz")
	printf("%010.3f|%-010.3f|%+010.3f", -1.5, 2.5, 3.25)
	printf("%c%c%c", 72, 'i', 0x1F600)
	printf("%U %#U %#U %#8U %.6U", 'x', 'x', '\n', 'é', 'x')
	printf("%t %t", 1, "x")
	printf("%+q %#q %#+q %q", "héllo\n", "back`tick", "plain", 'x')
	printf("% x|%# x|%#X|% X|%x", "abc", "abc", []byte("abc"), []byte{1, 2}, "")
	printf("%10x|%-10x|%.1x|% 10X", "hi", "hi", "hello", "hi")
	printf("%6.2f%%", 99.5)
	printf("%v|%6v|%-6v|", true, false, true)
	printf("%x %X %#x %#X %#o %#b %O", -255, 255, -255, 255, 8, 5, 64)

	sprint("a", "b", 1, 2, "c", 3.5, nil, []int{1}, "d", Name("n"), Celsius(1))
	sprint(1, 2, 3)
	sprint()
	sprintln()
	sprintln("a", 1, "b", nil, Point{1, 2})
	sprint(nil, nil)
	sprint(Stringy{1}, Stringy{2}, "x")
}
