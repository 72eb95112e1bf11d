//! The embedding API: calling script functions with Rust values, host functions, limits that
//! stop hostile scripts, rooted function values under GC torture, many VMs in threads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use mini::{Error, GoError, HostPackage, Limit, Limits, Panic, Program, Vm};

/// A VM whose collector follows `GOGC`, `GOMEMLIMIT` and `MINI_GCZEAL` (so that
/// `MINI_GCZEAL=minor,verify cargo test --test embed` tortures every test).
fn new_vm() -> Vm {
    let mut vm = Vm::new();
    vm.set_gc_config(mini::GcConfig::from_env().expect("valid GC settings"));
    vm
}

/// `LIB` loaded in a VM that collects at every allocation and verifies the heap.
fn lib_under_torture() -> Vm {
    let program = Program::compile("script.go", LIB).unwrap();
    let mut vm = new_vm();
    vm.set_gc_config(mini::GcConfig {
        zeal: mini::Zeal::parse("minor,verify").unwrap(),
        ..Default::default()
    });
    vm.load(&program).unwrap();
    vm
}

fn loaded(src: &str) -> Vm {
    let program = Program::compile("script.go", src).expect("compiles");
    let mut vm = new_vm();
    vm.load(&program).expect("loads");
    vm
}

/// A writer whose bytes the test reads afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

const LIB: &str = r#"package main

import (
	"errors"
	"strings"
)

var calls int

type Point struct {
	X int
	Y int
}

func init() { calls = 100 }

func Add(a, b int) int { calls++; return a + b }

func Calls() int { return calls }

func Split(s string) ([]string, int) {
	parts := strings.Split(s, ",")
	return parts, len(parts)
}

func Count(words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		m[w]++
	}
	return m
}

func Total(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

func Div(a, b int) (int, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}

func Norm(p Point) int { return p.X*p.X + p.Y*p.Y }

func Flip(p Point) Point { return Point{p.Y, p.X} }

func Counter() func() int {
	n := 0
	return func() int { n++; return n }
}

func Index(xs []int, i int) int { return xs[i] }

func Apply(f func() int, times int) int {
	last := 0
	for i := 0; i < times; i++ {
		last = f()
	}
	return last
}

func Greet(name string) string { return "hello, " + name }

func Names(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, strings.Repeat("x", i))
	}
	return out
}

func NewIndex() map[string]int { return map[string]int{} }

func Put(m map[string]int, k string) { m[k] = len(m) }
"#;

#[derive(Debug, PartialEq)]
struct Point {
    x: i64,
    y: i64,
}

impl mini::MiniStruct for Point {
    const NAME: &'static str = "Point";
    fn fields() -> Vec<(&'static str, String)> {
        vec![("X", "int".into()), ("Y", "int".into())]
    }
    fn into_fields(self) -> Vec<mini::Value> {
        vec![mini::Value::Int(self.x), mini::Value::Int(self.y)]
    }
    fn from_fields(f: Vec<mini::Value>) -> mini::Result<Self> {
        let mut f = f.into_iter();
        Ok(Point {
            x: mini::field(&mut f)?,
            y: mini::field(&mut f)?,
        })
    }
}
mini::mini_struct!(Point);

#[test]
fn script_functions_take_and_return_rust_values() {
    let mut vm = loaded(LIB);
    assert_eq!(vm.call::<i64>("Calls", ()).unwrap(), 100, "init ran");
    assert_eq!(vm.call::<i64>("Add", (2i64, 40i64)).unwrap(), 42);
    assert_eq!(vm.call::<i64>("Calls", ()).unwrap(), 101, "globals persist");
    let (parts, n): (Vec<String>, i64) = vm.call("Split", ("a,b,a".to_string(),)).unwrap();
    assert_eq!(
        (parts.clone(), n),
        (vec!["a".into(), "b".into(), "a".into()], 3)
    );
    let counts: HashMap<String, i64> = vm.call("Count", (parts,)).unwrap();
    assert_eq!(counts, HashMap::from([("a".into(), 2), ("b".into(), 1)]));
    assert_eq!(vm.call::<i64>("Total", (counts,)).unwrap(), 3);
    assert_eq!(
        vm.call::<Result<i64, GoError>>("Div", (9i64, 2i64))
            .unwrap(),
        Ok(4)
    );
    let err = vm
        .call::<Result<i64, GoError>>("Div", (9i64, 0i64))
        .unwrap();
    assert_eq!(err, Err(GoError("division by zero".into())));
    assert_eq!(vm.call::<i64>("Norm", (Point { x: 3, y: 4 },)).unwrap(), 25);
    assert_eq!(
        vm.call::<Point>("Flip", (Point { x: 1, y: 2 },)).unwrap(),
        Point { x: 2, y: 1 }
    );
}

#[test]
fn typed_handles_check_the_signature_once() {
    let mut vm = loaded(LIB);
    let add = vm.func::<(i64, i64), i64>("Add").unwrap();
    for i in 0..100 {
        assert_eq!(add.call(&mut vm, (i, 1)).unwrap(), i + 1);
    }
    let Err(Error::Conversion(msg)) = vm.func::<(String,), i64>("Add") else {
        panic!("signature mismatch not reported");
    };
    assert_eq!(
        msg,
        "func Add(int, int) (int) does not match the Rust types"
    );
    assert!(matches!(vm.func::<(), ()>("Nope"), Err(Error::NotFound(_))));
    assert!(vm.call::<i64>("Add", ("x".to_string(), 1i64)).is_err());
}

#[test]
fn panics_are_errors_with_gos_report_and_the_vm_stays_usable() {
    let mut vm = loaded(LIB);
    let err = vm
        .call::<i64>("Index", (vec![1i64, 2, 3], 5i64))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\nmain.Index(...)\n\tscript.go:58"
    );
    assert_eq!(
        vm.call::<i64>("Index", (vec![1i64, 2, 3], 2i64)).unwrap(),
        3
    );
}

#[test]
fn closures_are_rooted_handles_that_survive_collections() {
    let mut vm = lib_under_torture();
    let counter: mini::FuncRef = vm.call("Counter", ()).unwrap();
    let other: mini::FuncRef = vm.call("Counter", ()).unwrap();
    for i in 1..=50 {
        let _: Vec<String> = vm
            .call::<(Vec<String>, i64)>("Split", ("x,y,z".to_string(),))
            .unwrap()
            .0;
        vm.collect();
        assert_eq!(vm.call_value::<i64>(&counter, ()).unwrap(), i);
    }
    assert_eq!(vm.call_value::<i64>(&other, ()).unwrap(), 1);
    assert_eq!(
        vm.call::<i64>("Apply", (counter.clone(), 3i64)).unwrap(),
        53
    );
    assert_eq!(vm.call_value::<i64>(&counter, ()).unwrap(), 54);
}

#[test]
fn programs_vms_and_errors_cross_threads() {
    fn send<T: Send>() {}
    fn shared<T: Send + Sync + 'static>() {}
    send::<Vm>();
    shared::<Program>();
    shared::<Error>();
    shared::<mini::InterruptHandle>();
}

#[test]
fn handles_of_another_vm_are_refused() {
    let program = Program::compile("script.go", LIB).unwrap();
    let mut a = new_vm();
    a.load(&program).unwrap();
    let mut b = new_vm();
    b.load(&program).unwrap();
    let counter: mini::FuncRef = a.call("Counter", ()).unwrap();
    assert!(matches!(
        b.call_value::<i64>(&counter, ()),
        Err(Error::Conversion(_))
    ));
    let names: mini::Rooted = a.call("Names", (2i64,)).unwrap();
    assert!(matches!(
        b.get::<Vec<String>>(&names),
        Err(Error::Conversion(_))
    ));
    let other = Program::compile(
        "other.go",
        "package main\n\nfunc Add(a, b int) int { return a - b }\n",
    )
    .unwrap();
    let add = a.func::<(i64, i64), i64>("Add").unwrap();
    b.load(&other).unwrap();
    assert!(matches!(
        add.call(&mut b, (1, 2)),
        Err(Error::Conversion(_))
    ));
    assert_eq!(add.call(&mut a, (1, 2)).unwrap(), 3);
}

#[test]
fn rooted_slices_and_maps_survive_collections_and_see_script_changes() {
    let mut vm = lib_under_torture();
    let names: mini::Rooted = vm.call("Names", (4i64,)).unwrap();
    let index: mini::Rooted = vm.call("NewIndex", ()).unwrap();
    for i in 0..40 {
        let _: Vec<String> = vm.call("Names", (10i64,)).unwrap();
        vm.call::<()>("Put", (index.clone(), format!("k{i}")))
            .unwrap();
        vm.collect();
    }
    let want: Vec<String> = ["", "x", "xx", "xxx"].map(String::from).to_vec();
    assert_eq!(vm.get::<Vec<String>>(&names).unwrap(), want);
    let map: HashMap<String, i64> = vm.get(&index).unwrap();
    assert_eq!((map.len(), map["k0"], map["k39"]), (40, 0, 39));
    let (n, m) = (names.clone(), index.clone());
    drop((names, index));
    vm.collect();
    assert_eq!(vm.get::<Vec<String>>(&n).unwrap().len(), 4);
    assert_eq!(vm.get::<HashMap<String, i64>>(&m).unwrap().len(), 40);
}

#[test]
fn host_functions_are_a_package_the_script_imports() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    let host = HostPackage::new("host")
        .func("Log", move |s: String| sink.lock().unwrap().push(s))
        .func("Sum", |xs: Vec<i64>| xs.iter().sum::<i64>())
        .func("Parse", |s: String| -> Result<i64, GoError> {
            s.parse().map_err(|_| GoError(format!("bad number {s:?}")))
        })
        .func("Check", |n: i64| -> Result<i64, Panic> {
            if n < 0 {
                Err(Panic(format!("negative: {n}")))
            } else {
                Ok(n)
            }
        })
        .func("Swap", |p: Point| Point { x: p.y, y: p.x })
        .func("Crash", |n: i64| -> i64 {
            assert!(n < 10, "n too large");
            n
        });
    let src = r#"package main

import (
	"fmt"
	"host"
)

func safe(n int) (r int, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("recovered: %v", e)
		}
	}()
	return host.Check(n), nil
}

func main() {
	host.Log("start")
	fmt.Println(host.Sum([]int{1, 2, 3}))
	if _, err := host.Parse("x"); err != nil {
		fmt.Println("error:", err)
	}
	n, _ := host.Parse("12")
	fmt.Println(n)
	fmt.Println(safe(5))
	fmt.Println(safe(-1))
	fmt.Println(host.Swap(host.Point{X: 1, Y: 2}))
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		host.Crash(11)
	}()
	host.Check(-7)
}
"#;
    let program = Program::compile_with("host.go", src, &[&host]).unwrap();
    let out = Captured::default();
    let mut vm = new_vm();
    vm.register(&host);
    vm.set_stdout(out.clone());
    vm.load(&program).unwrap();
    let err = vm.run_main().unwrap_err();
    assert_eq!(
        out.text(),
        "6\nerror: bad number \"x\"\n12\n5 <nil>\n0 recovered: negative: -1\n{2 1}\nrecovered: host function host.Crash panicked: n too large\n"
    );
    assert!(
        err.to_string().starts_with("panic: negative: -7\n"),
        "{err}"
    );
    assert_eq!(*log.lock().unwrap(), vec!["start".to_string()]);
}

#[test]
fn a_host_package_is_checked_like_go() {
    let host = HostPackage::new("host").func("Twice", |n: i64| n * 2);
    let src = "package main\n\nimport \"host\"\n\nfunc main() {\n\tvar s string = host.Twice(1)\n\t_ = s\n}\n";
    let err = Program::compile_with("bad.go", src, &[&host]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "./bad.go:6:17: cannot use host.Twice(1) (value of type int) as string value in variable declaration"
    );
    let program = Program::compile_with(
        "ok.go",
        "package main\n\nimport \"host\"\n\nfunc main() { println(host.Twice(2)) }\n",
        &[&host],
    )
    .unwrap();
    let mut vm = new_vm();
    assert!(
        matches!(vm.load(&program), Err(Error::NotFound(_))),
        "unregistered host function"
    );
}

#[test]
fn os_exit_returns_to_the_host() {
    let mut vm = loaded("package main\n\nimport \"os\"\n\nfunc main() {\n\tos.Exit(3)\n}\n");
    assert_eq!(vm.run_main(), Err(Error::Exit(3)));
}

fn limited(src: &str, limits: Limits) -> (Vm, Error) {
    let program = Program::compile("hostile.go", src).unwrap();
    let mut vm = new_vm();
    vm.set_limits(limits);
    vm.load(&program).unwrap();
    let err = vm.call::<()>("Run", ()).unwrap_err();
    (vm, err)
}

const OK: &str = "\nfunc Ok() int { return 1 }\n";

#[test]
fn an_infinite_loop_runs_out_of_fuel_and_the_vm_goes_on() {
    let src = format!("package main\n\nfunc Run() {{\n\tfor {{\n\t}}\n}}\n{OK}");
    let limits = Limits {
        fuel: Some(1_000_000),
        ..Limits::default()
    };
    let (mut vm, err) = limited(&src, limits);
    assert_eq!(err, Error::Limit(Limit::Fuel));
    assert_eq!(err.to_string(), "instruction budget exhausted");
    vm.set_fuel(Some(100));
    assert_eq!(vm.call::<i64>("Ok", ()).unwrap(), 1);
}

#[test]
fn an_allocation_bomb_hits_the_heap_limit() {
    let src = format!("package main\n\nvar keep [][]byte\n\nfunc Run() {{\n\tfor {{\n\t\tkeep = append(keep, make([]byte, 1<<20))\n\t}}\n}}\n{OK}");
    let limits = Limits {
        heap_bytes: Some(32 << 20),
        ..Limits::default()
    };
    let (mut vm, err) = limited(&src, limits);
    assert_eq!(err, Error::Limit(Limit::Heap));
    assert_eq!(vm.call::<i64>("Ok", ()).unwrap(), 1);
}

#[test]
fn deep_recursion_is_a_stack_overflow() {
    let src = format!(
        "package main\n\nfunc f(n int) int {{ return f(n+1) + 1 }}\n\nfunc Run() {{ f(0) }}\n{OK}"
    );
    let limits = Limits {
        max_frames: 10_000,
        ..Limits::default()
    };
    let (mut vm, err) = limited(&src, limits);
    let Error::Runtime(r) = &err else {
        panic!("{err:?}")
    };
    assert!(r.is_fatal());
    assert_eq!(r.message(), "stack overflow");
    assert!(err
        .to_string()
        .starts_with("runtime: goroutine stack exceeds"));
    assert_eq!(vm.call::<i64>("Ok", ()).unwrap(), 1);
}

#[test]
fn another_thread_interrupts_a_running_script() {
    let program = Program::compile(
        "spin.go",
        &format!("package main\n\nfunc Run() {{\n\tfor {{\n\t}}\n}}\n{OK}"),
    )
    .unwrap();
    let mut vm = new_vm();
    vm.load(&program).unwrap();
    let stop = vm.interrupt_handle();
    let timer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        stop.interrupt();
    });
    assert_eq!(
        vm.call::<()>("Run", ()),
        Err(Error::Limit(Limit::Interrupt))
    );
    timer.join().unwrap();
    assert_eq!(vm.call::<i64>("Ok", ()).unwrap(), 1);
}

#[test]
fn many_vms_share_one_program_in_parallel_threads() {
    let program = Program::compile("script.go", LIB).unwrap();
    let workers: Vec<_> = (0..8i64)
        .map(|t| {
            let program = program.clone();
            thread::spawn(move || {
                let mut vm = new_vm();
                vm.load(&program).unwrap();
                let add = vm.func::<(i64, i64), i64>("Add").unwrap();
                let mut total = 0;
                for i in 0..1000 {
                    total = add.call(&mut vm, (total, i + t)).unwrap();
                }
                let words: HashMap<String, i64> =
                    vm.call("Count", (vec!["a".to_string(); 100],)).unwrap();
                (total, words["a"], vm.call::<i64>("Calls", ()).unwrap())
            })
        })
        .collect();
    for (t, w) in workers.into_iter().enumerate() {
        let t = t as i64;
        assert_eq!(w.join().unwrap(), (499_500 + 1000 * t, 100, 1100));
    }
}

#[test]
fn output_goes_to_the_hosts_writers_and_gc_is_observable() {
    let program = Program::compile("out.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"out\")\n\tprintln(\"err\")\n\tvar keep [][]int\n\tfor i := 0; i < 20000; i++ {\n\t\tkeep = append(keep, make([]int, 10))\n\t}\n}\n").unwrap();
    let (out, err) = (Captured::default(), Captured::default());
    let events = Arc::new(Mutex::new(0));
    let seen = Arc::clone(&events);
    let mut vm = new_vm();
    vm.set_stdout(out.clone());
    vm.set_stderr(err.clone());
    vm.load(&program).unwrap();
    vm.on_collection(move |_| *seen.lock().unwrap() += 1);
    vm.run_main().unwrap();
    vm.collect();
    assert_eq!(
        (out.text(), err.text()),
        ("out\n".to_string(), "err\n".to_string())
    );
    assert!(*events.lock().unwrap() > 0);
    assert!(vm.mem_stats().num_gc > 0);
}

#[test]
fn escape_report_and_disassembly() {
    let program = Program::compile(
        "esc.go",
        "package main\n\nfunc New() *int {\n\tx := 1\n\treturn &x\n}\n\nfunc main() { New() }\n",
    )
    .unwrap();
    assert_eq!(program.escape_report(), "./esc.go:4:2: moved to heap: x\n");
    assert!(program.disassemble().contains("main.New"));
}

#[test]
fn bad_calls_are_errors_not_panics() {
    let mut vm = new_vm();
    assert!(matches!(
        vm.call::<i64>("Add", (1i64, 2i64)),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(vm.run_main(), Err(Error::NotFound(_))));
    let src = "package main\n\ntype T struct{ A [3]int }\n\nfunc P(p *int) int { return *p }\n\nfunc Arr(t T) T { return t }\n\nfunc S(xs [][]string, m map[string][]int) int { return len(xs) + len(m) }\n\nfunc U(a int8, b uint8) int { return int(a) + int(b) }\n";
    let program = Program::compile("bad.go", src).unwrap();
    vm.load(&program).unwrap();
    assert!(matches!(vm.run_main(), Err(Error::NotFound(_))), "no main");
    assert!(matches!(
        vm.call::<i64>("P", (1i64,)),
        Err(Error::Conversion(_))
    ));
    assert!(matches!(vm.call::<i64>("P", ()), Err(Error::Conversion(_))));
    let arr = mini::Value::Struct(vec![mini::Value::Int(1)]);
    assert!(vm.call_values("Arr", &[arr]).is_err());
    assert!(vm
        .call_values("S", &[mini::Value::Int(1), mini::Value::Nil])
        .is_err());
    let nested = vec![vec!["a".to_string()], vec![]];
    let m = HashMap::from([("k".to_string(), vec![1i64, 2])]);
    assert_eq!(vm.call::<i64>("S", (nested, m)).unwrap(), 3);
    assert_eq!(vm.call::<i64>("U", (-3i8, 200u8)).unwrap(), 197);
    assert!(vm
        .call_values("U", &[mini::Value::Int(300), mini::Value::Uint(1)])
        .is_err());
    assert!(matches!(
        vm.call::<String>("U", (1i8, 1u8)),
        Err(Error::Conversion(_))
    ));
    assert_eq!(vm.call::<i64>("U", (1i8, 1u8)).unwrap(), 2, "still usable");
}

#[test]
fn a_script_registers_callbacks_the_host_calls_later() {
    let handlers: Arc<Mutex<Vec<mini::FuncRef>>> = Arc::default();
    let keep = Arc::clone(&handlers);
    let host = HostPackage::new("events").func("OnTick", move |f: mini::FuncRef| {
        keep.lock().unwrap().push(f)
    });
    let src = "package main\n\nimport \"events\"\n\nvar ticks int\n\nfunc init() {\n\tevents.OnTick(func() { ticks++ })\n\tevents.OnTick(func() { ticks += 10 })\n}\n\nfunc Ticks() int { return ticks }\n";
    let program = Program::compile_with("ticks.go", src, &[&host]).unwrap();
    let mut vm = new_vm();
    vm.register(&host);
    vm.load(&program).unwrap();
    for _ in 0..3 {
        vm.collect();
        for h in handlers.lock().unwrap().iter() {
            vm.call_value::<()>(h, ()).unwrap();
        }
    }
    assert_eq!(vm.call::<i64>("Ticks", ()).unwrap(), 33);
}

#[test]
fn a_goroutine_bomb_hits_the_heap_limit_or_runs_out_of_fuel() {
    let src = format!(
        "package main\n\nfunc Run() {{\n\tfor {{\n\t\tgo func() {{\n\t\t\tselect {{}}\n\t\t}}()\n\t}}\n}}\n{OK}"
    );
    let limits = Limits {
        heap_bytes: Some(64 << 20),
        ..Limits::default()
    };
    let (mut vm, err) = limited(&src, limits);
    assert_eq!(err, Error::Limit(Limit::Heap));
    assert_eq!(vm.call::<i64>("Ok", ()).unwrap(), 1);
    let limits = Limits {
        fuel: Some(100_000),
        ..Limits::default()
    };
    let (_, err) = limited(&src, limits);
    assert_eq!(err, Error::Limit(Limit::Fuel));
}

/// Host functions calling back into the script.
fn reentrant_host() -> HostPackage {
    HostPackage::new("host")
        .func_cx(
            "Map",
            |cx: &mut mini::HostCx, xs: Vec<String>, f: mini::Callback<(String,), String>| {
                xs.into_iter()
                    .map(|x| f.call(cx, (x,)))
                    .collect::<mini::Result<Vec<String>>>()
            },
        )
        .func_cx(
            "Twice",
            |cx: &mut mini::HostCx, n: i64| -> mini::Result<i64> {
                cx.call_function::<i64>("Step", (n,))
            },
        )
}

const REENTRANT: &str = r#"package main

import (
	"fmt"
	"host"
	"strings"
)

func Step(n int) int {
	if n <= 0 {
		return 0
	}
	return host.Twice(n-1) + 2
}

func Shout(words []string) []string {
	return host.Map(words, func(w string) string { return strings.ToUpper(w) + "!" })
}

func Careful(words []string) (out []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return host.Map(words, func(w string) string {
		if w == "" {
			panic("empty word")
		}
		return w
	}), nil
}

func Spin(words []string) []string {
	defer func() { recover() }()
	return host.Map(words, func(w string) string {
		for {
		}
	})
}
"#;

#[test]
fn host_functions_call_back_into_the_script() {
    let host = reentrant_host();
    let program = Program::compile_with("re.go", REENTRANT, &[&host]).unwrap();
    let mut vm = new_vm();
    vm.register(&host);
    vm.load(&program).unwrap();
    let words = vec!["go".to_string(), "mini".to_string()];
    let shouted: Vec<String> = vm.call("Shout", (words.clone(),)).unwrap();
    assert_eq!(shouted, vec!["GO!".to_string(), "MINI!".to_string()]);
    assert_eq!(vm.call::<i64>("Step", (10i64,)).unwrap(), 20);
    let ok: Result<Vec<String>, GoError> = vm.call("Careful", (words.clone(),)).unwrap();
    assert_eq!(ok, Ok(words.clone()));
    let bad: Result<Vec<String>, GoError> = vm
        .call("Careful", (vec!["a".to_string(), String::new()],))
        .unwrap();
    assert_eq!(bad, Err(GoError("recovered: empty word".into())));
    assert_eq!(vm.call::<Vec<String>>("Shout", (words,)).unwrap().len(), 2);
}

#[test]
fn a_limit_hit_in_a_callback_ends_the_run_even_if_the_script_recovers() {
    let host = reentrant_host();
    let program = Program::compile_with("re.go", REENTRANT, &[&host]).unwrap();
    let mut vm = new_vm();
    vm.set_limits(Limits {
        fuel: Some(100_000),
        ..Limits::default()
    });
    vm.register(&host);
    vm.load(&program).unwrap();
    let err = vm
        .call::<Vec<String>>("Spin", (vec!["x".to_string()],))
        .unwrap_err();
    assert_eq!(err, Error::Limit(Limit::Fuel));
    vm.set_fuel(Some(100_000));
    assert_eq!(vm.call::<i64>("Step", (3i64,)).unwrap(), 6);
}

#[test]
fn host_recursion_through_the_script_is_bounded() {
    let host = reentrant_host();
    let program = Program::compile_with("re.go", REENTRANT, &[&host]).unwrap();
    let worker = thread::spawn(move || {
        let mut vm = new_vm();
        vm.register(&host);
        vm.load(&program).unwrap();
        let err = vm.call::<i64>("Step", (1_000_000i64,)).unwrap_err();
        (err.to_string(), vm.call::<i64>("Step", (5i64,)).unwrap())
    });
    let (err, ok) = worker.join().unwrap();
    assert!(
        err.starts_with("fatal error: host functions nested too deeply"),
        "{err}"
    );
    assert_eq!(ok, 10);
}

#[test]
fn script_functions_called_from_rust_run_goroutines() {
    let src = r#"package main

import "sync"

func Sum(n int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i * i
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	total := 0
	for r := range results {
		total += r
	}
	return total
}

func Stuck() int {
	ch := make(chan int)
	return <-ch
}
"#;
    let mut vm = loaded(src);
    assert_eq!(vm.call::<i64>("Sum", (10i64,)).unwrap(), 385);
    assert_eq!(vm.call::<i64>("Sum", (3i64,)).unwrap(), 14);
    let err = vm.call::<i64>("Stuck", ()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("fatal error: all goroutines are asleep - deadlock!"),
        "{err}"
    );
    assert_eq!(vm.call::<i64>("Sum", (2i64,)).unwrap(), 5);
}
