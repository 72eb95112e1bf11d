//! Measures the embedding boundary: a trivial Mini function called from Rust, and a host
//! function called from a Mini loop, next to the same with mlua (Lua 5.4) and a plain Rust
//! closure. Prints a Markdown table of nanoseconds per call.

use std::hint::black_box;
use std::time::Instant;

const CALLS: i64 = 2_000_000;

const SCRIPT: &str = r#"package main

import "host"

func Add(a, b int) int { return a + b }

func inc(n int) int { return n + 1 }

func LoopMini(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += inc(i)
	}
	return s
}

func LoopHost(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += host.Inc(i)
	}
	return s
}
"#;

const LUA: &str = r#"
function add(a, b) return a + b end
local function inc(n) return n + 1 end
function loop_lua(n)
  local s = 0
  for i = 0, n - 1 do s = s + inc(i) end
  return s
end
function loop_host(n)
  local s = 0
  local f = host_inc
  for i = 0, n - 1 do s = s + f(i) end
  return s
end
"#;

/// Best of five runs of `f`, in nanoseconds per call.
fn per_call(mut f: impl FnMut() -> i64) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_nanos() as f64 / CALLS as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn mini_rows() -> mini::Result<(f64, f64, f64, f64)> {
    let host = mini::HostPackage::new("host").func("Inc", |n: i64| n + 1);
    let program = mini::Program::compile_with("bench.go", SCRIPT, &[&host])?;
    let mut vm = mini::Vm::new();
    vm.register(&host);
    vm.load(&program)?;
    let add = vm.func::<(i64, i64), i64>("Add")?;
    let typed = per_call(|| {
        let mut s = 0;
        for i in 0..CALLS {
            s = add.call(&mut vm, (s, i)).unwrap_or(0);
        }
        s
    });
    let by_name = per_call(|| {
        let mut s = 0;
        for i in 0..CALLS {
            s = vm.call::<i64>("Add", (s, i)).unwrap_or(0);
        }
        s
    });
    let host_call = per_call(|| vm.call::<i64>("LoopHost", (CALLS,)).unwrap_or(0));
    let mini_call = per_call(|| vm.call::<i64>("LoopMini", (CALLS,)).unwrap_or(0));
    Ok((typed, by_name, host_call, mini_call))
}

fn lua_rows() -> mlua::Result<(f64, f64, f64)> {
    let lua = mlua::Lua::new();
    lua.globals()
        .set("host_inc", lua.create_function(|_, n: i64| Ok(n + 1))?)?;
    lua.load(LUA).exec()?;
    let add: mlua::Function = lua.globals().get("add")?;
    let call = per_call(|| {
        let mut s = 0;
        for i in 0..CALLS {
            s = add.call::<i64>((s, i)).unwrap_or(0);
        }
        s
    });
    let loop_host: mlua::Function = lua.globals().get("loop_host")?;
    let loop_lua: mlua::Function = lua.globals().get("loop_lua")?;
    let host_call = per_call(|| loop_host.call::<i64>(CALLS).unwrap_or(0));
    let lua_call = per_call(|| loop_lua.call::<i64>(CALLS).unwrap_or(0));
    Ok((call, host_call, lua_call))
}

fn main() {
    let closure = |a: i64, b: i64| a + b;
    let rust = per_call(|| {
        let mut s = 0;
        for i in 0..CALLS {
            s = black_box(&closure)(s, i);
        }
        s
    });
    let (typed, by_name, host, mini_loop) = match mini_rows() {
        Ok(r) => r,
        Err(e) => return eprintln!("mini: {e}"),
    };
    let (lua_call, lua_host, lua_loop) = match lua_rows() {
        Ok(r) => r,
        Err(e) => return eprintln!("mlua: {e}"),
    };
    println!("| ns per call | Mini | mlua (Lua 5.4) | Rust closure |");
    println!("|---|---|---|---|");
    println!("| script function from Rust (typed handle) | {typed:.1} | {lua_call:.1} | {rust:.1} |");
    println!("| script function from Rust (by name) | {by_name:.1} | | |");
    println!("| host function from a script loop (iteration) | {host:.1} | {lua_host:.1} | |");
    println!("| script function from a script loop (iteration) | {mini_loop:.1} | {lua_loop:.1} | |");
}
