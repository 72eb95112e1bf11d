//! Embedding: running untrusted scripts under limits. Each hostile script is stopped by its
//! limit with an error naming it, and the VM is still usable afterwards.
//!
//! `cargo run --example embed_sandbox`

use std::thread;
use std::time::Duration;

use mini::{Limits, Program, Vm};

const HOSTILE: &str = r#"package main

import "os"

var hoard [][]byte

func Spin() {
	for {
	}
}

func Hoard() {
	for {
		hoard = append(hoard, make([]byte, 1<<20))
	}
}

func Recurse(n int) int { return Recurse(n+1) + 1 }

func Quit() { os.Exit(7) }

func Fine() string { return "still running" }
"#;

fn main() -> Result<(), mini::Error> {
    let program = Program::compile("hostile.go", HOSTILE)?;
    let mut vm = Vm::new();
    vm.set_limits(Limits {
        fuel: Some(50_000_000),
        heap_bytes: Some(64 << 20),
        max_frames: 100_000,
    });
    vm.load(&program)?;

    for name in ["Spin", "Hoard", "Quit"] {
        let err = vm.call::<()>(name, ()).unwrap_err();
        println!("{name}: {err}");
        vm.set_fuel(Some(50_000_000));
    }
    let err = vm.call::<i64>("Recurse", (0i64,)).unwrap_err();
    println!(
        "Recurse: {}",
        err.to_string().lines().nth(2).unwrap_or_default()
    );

    // A wall-clock timeout: another thread interrupts the spinning script.
    vm.set_fuel(None);
    let stop = vm.interrupt_handle();
    let timer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(100));
        stop.interrupt();
    });
    println!(
        "Spin with a 100 ms timeout: {}",
        vm.call::<()>("Spin", ()).unwrap_err()
    );
    timer.join().expect("timer thread");

    println!("Fine: {}", vm.call::<String>("Fine", ())?);
    Ok(())
}
