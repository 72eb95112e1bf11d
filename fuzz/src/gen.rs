//! A generator of well-typed Go programs driven by fuzzer bytes: integers, strings, slices,
//! maps, pointers to structs, closures (capturing per-iteration loop variables), defer and
//! recover, and allocation churn for the collector. Every program it writes compiles with Go
//! and prints its state at the end, so runs can be compared with Go's.

/// Reads choices from the fuzzer's bytes (zeros once they run out).
struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        self.byte() as usize % n
    }

    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }
}

/// The program being written.
struct Gen<'a> {
    b: Bytes<'a>,
    out: String,
    /// Functions already written (`f0`, `f1`, ...); a function calls only earlier ones.
    funcs: usize,
    /// Loop variables in scope.
    loop_vars: Vec<String>,
    /// Unique names for loop variables.
    next_var: usize,
}

const INTS: [&str; 3] = ["v0", "v1", "v2"];
const STRS: [&str; 2] = ["s0", "s1"];
const EDGE_INTS: [&str; 8] = [
    "0",
    "1",
    "-1",
    "7",
    "1 << 62",
    "9223372036854775807",
    "-9223372036854775808",
    "255",
];
const MAX_DEPTH: usize = 3;

/// A program from fuzzer bytes.
pub fn generate(data: &[u8]) -> String {
    let mut g = Gen {
        b: Bytes { data, pos: 0 },
        out: String::new(),
        funcs: 0,
        loop_vars: Vec::new(),
        next_var: 0,
    };
    g.program();
    g.out
}

impl Gen<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&"\t".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn program(&mut self) {
        self.out.push_str("package main\n\nimport \"fmt\"\n\n");
        self.out
            .push_str("type T struct {\n\ta    int\n\ts    string\n\tnext *T\n}\n\n");
        let funcs = self.b.below(4);
        for _ in 0..funcs {
            self.function();
        }
        self.out.push_str("func main() {\n");
        self.locals("3", "\"main\"");
        self.block(1, 0);
        self.line(
            1,
            "fmt.Println(v0, v1, v2, s0, s1, xs, len(m), m[0], m[1], t == nil, len(fs))",
        );
        self.line(1, "for _, f := range fs {\n\t\tv0 += f()\n\t}");
        self.line(1, "for t != nil {\n\t\tv1 += t.a + len(t.s)\n\t\tt = t.next\n\t}");
        self.line(1, "fmt.Println(v0, v1)");
        self.out.push_str("}\n");
    }

    fn locals(&mut self, first: &str, s: &str) {
        self.line(1, &format!("v0, v1, v2 := {first}, 2, 3"));
        self.line(1, &format!("s0, s1 := {s}, \"b\""));
        self.line(1, "xs := []int{1, 2, 3}");
        self.line(1, "m := map[int]int{}");
        self.line(1, "var t *T");
        self.line(1, "var fs []func() int");
    }

    fn function(&mut self) {
        let k = self.funcs;
        self.out
            .push_str(&format!("func f{k}(a int, b int) int {{\n"));
        self.locals("a", "\"f\"");
        self.line(1, "v1 += b");
        self.block(1, 1);
        self.line(1, "_, _, _, _, _, _ = s1, xs, m, t, fs, v2");
        self.line(1, "return v0 + v1 + len(s0)");
        self.out.push_str("}\n\n");
        self.funcs += 1;
    }

    fn block(&mut self, indent: usize, depth: usize) {
        let n = 1 + self.b.below(if depth == 0 { 8 } else { 4 });
        for _ in 0..n {
            if self.b.done() {
                return;
            }
            self.stmt(indent, depth);
        }
    }

    fn int_var(&mut self) -> &'static str {
        INTS[self.b.below(INTS.len())]
    }

    fn str_var(&mut self) -> &'static str {
        STRS[self.b.below(STRS.len())]
    }

    fn stmt(&mut self, ind: usize, depth: usize) {
        let nested = depth < MAX_DEPTH;
        match self.b.below(if nested { 18 } else { 11 }) {
            0 => {
                let (v, e) = (self.int_var(), self.int(0));
                self.line(ind, &format!("{v} = {e}"));
            }
            1 => {
                let (v, e) = (self.int_var(), self.int(0));
                let op = ["+=", "-=", "*=", "^=", "|="][self.b.below(5)];
                self.line(ind, &format!("{v} {op} {e}"));
            }
            2 => {
                let (s, t, e) = (self.str_var(), self.str_var(), self.int(1));
                self.line(ind, &format!("{s} = {t} + fmt.Sprint({e})"));
            }
            3 => {
                let s = self.str_var();
                self.line(ind, &format!("{s} = {s}[:len({s})/2]"));
            }
            4 => {
                let e = self.int(0);
                self.line(ind, &format!("xs = append(xs, {e})"));
            }
            5 => {
                let (i, e) = (self.int(1), self.int(1));
                self.line(
                    ind,
                    &format!("if len(xs) > 0 {{\n{0}\txs[({i})&1023%len(xs)] = {e}\n{0}}}", "\t".repeat(ind)),
                );
            }
            6 => {
                let (k, e) = (self.int(1), self.int(1));
                self.line(ind, &format!("m[({k})&15] = {e}"));
            }
            7 => {
                let k = self.int(1);
                self.line(ind, &format!("delete(m, ({k})&15)"));
            }
            8 => {
                let (e, s) = (self.int(1), self.str_var());
                self.line(ind, &format!("t = &T{{a: {e}, s: {s}, next: t}}"));
            }
            9 => {
                let (e, s) = (self.int(1), self.str_var());
                self.line(ind, &format!("fmt.Println({e}, {s}, len(xs))"));
            }
            10 => {
                let v = self.int_var();
                self.line(ind, &format!("if t != nil {{\n{0}\t{v} += t.a\n{0}}}", "\t".repeat(ind)));
            }
            11 => self.for_loop(ind, depth),
            12 => self.if_stmt(ind, depth),
            13 => {
                let v = self.int_var();
                self.line(ind, &format!("for k, x := range m {{\n{0}\t{v} += k ^ x\n{0}}}", "\t".repeat(ind)));
            }
            14 => self.range_slice(ind, depth),
            15 => self.protected(ind, depth),
            16 => self.churn(ind),
            _ => {
                let (v, e) = (self.int_var(), self.int(1));
                self.line(ind, &format!("{v} += func(x int) int {{ return x + {v} }}({e})"));
            }
        }
    }

    fn fresh_var(&mut self) -> String {
        self.next_var += 1;
        format!("i{}", self.next_var)
    }

    fn for_loop(&mut self, ind: usize, depth: usize) {
        let i = self.fresh_var();
        let n = self.b.below(6);
        self.line(ind, &format!("for {i} := 0; {i} < {n}; {i}++ {{"));
        self.line(ind + 1, &format!("fs = append(fs, func() int {{ return {i} }})"));
        self.loop_vars.push(i);
        self.block(ind + 1, depth + 1);
        self.loop_vars.pop();
        self.line(ind, "}");
    }

    fn range_slice(&mut self, ind: usize, depth: usize) {
        let (i, x) = (self.fresh_var(), self.fresh_var());
        self.line(ind, &format!("for {i}, {x} := range xs {{"));
        self.line(ind + 1, &format!("v2 += {i} * {x}"));
        self.loop_vars.push(x);
        self.block(ind + 1, depth + 1);
        self.loop_vars.pop();
        self.line(ind, "}");
    }

    fn if_stmt(&mut self, ind: usize, depth: usize) {
        let c = self.cond(0);
        self.line(ind, &format!("if {c} {{"));
        self.block(ind + 1, depth + 1);
        self.line(ind, "} else {");
        self.block(ind + 1, depth + 1);
        self.line(ind, "}");
    }

    /// A block whose runtime panics are recovered (the recovered value is printed).
    fn protected(&mut self, ind: usize, depth: usize) {
        self.line(ind, "func() {");
        self.line(
            ind + 1,
            "defer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tfmt.Println(\"recovered:\", r)\n\t\t}\n\t}()",
        );
        let e = self.int(1);
        self.line(ind + 1, &format!("v0 += xs[({e})&7]"));
        self.block(ind + 1, depth + 1);
        self.line(ind, "}()");
    }

    /// Allocation churn: short-lived slices, strings and structs.
    fn churn(&mut self, ind: usize) {
        let n = 10 * (1 + self.b.below(10));
        let v = self.int_var();
        self.line(ind, &format!("for j := range {n} {{"));
        self.line(ind + 1, "tmp := make([]int, j%17)");
        self.line(ind + 1, "tmp = append(tmp, j)");
        self.line(ind + 1, "u := &T{a: j, s: fmt.Sprint(j)}");
        self.line(ind + 1, &format!("{v} += len(tmp) + u.a + len(u.s)"));
        self.line(ind, "}");
    }

    fn cond(&mut self, depth: usize) -> String {
        let leaf = depth >= 2;
        match self.b.below(if leaf { 4 } else { 6 }) {
            0 => format!("{} < {}", self.int(depth + 1), self.int(depth + 1)),
            1 => format!("{} == {}", self.int(depth + 1), self.int(depth + 1)),
            2 => format!("{} != {}", self.str_var(), self.str_var()),
            3 => "t != nil".to_string(),
            4 => format!("({} && {})", self.cond(depth + 1), self.cond(depth + 1)),
            _ => format!("!({})", self.cond(depth + 1)),
        }
    }

    fn int(&mut self, depth: usize) -> String {
        let leaf = depth >= 3;
        match self.b.below(if leaf { 5 } else { 13 }) {
            0 => self.b.byte().to_string(),
            1 => EDGE_INTS[self.b.below(EDGE_INTS.len())].to_string(),
            2 => self.int_var().to_string(),
            3 => format!("len({})", self.str_var()),
            4 => match self.loop_vars.len() {
                0 => "len(xs)".to_string(),
                n => self.loop_vars[self.b.below(n)].clone(),
            },
            5 => {
                let op = ["+", "-", "*", "&", "|", "^", "&^"][self.b.below(7)];
                format!("({} {op} {})", self.int(depth + 1), self.int(depth + 1))
            }
            6 => {
                let op = ["/", "%"][self.b.below(2)];
                format!("({} {op} ({} | 1))", self.int(depth + 1), self.int(depth + 1))
            }
            7 => {
                let op = ["<<", ">>"][self.b.below(2)];
                format!("({} {op} ({} & 63))", self.int(depth + 1), self.int(depth + 1))
            }
            8 => format!("m[({}) & 15]", self.int(depth + 1)),
            9 if self.funcs > 0 => {
                let f = self.b.below(self.funcs);
                format!("f{f}({}, {})", self.int(depth + 1), self.int(depth + 1))
            }
            10 => format!("min({}, {})", self.int(depth + 1), self.int(depth + 1)),
            11 => format!("max({}, {})", self.int(depth + 1), self.int(depth + 1)),
            _ => format!("-{}", self.int_var()),
        }
    }
}
